/// Why the desk could not carry out an operator action completely.
public enum DeskError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The new state is in force in memory but could not be persisted (or audited).
    case notPersisted(String)

    public var description: String {
        switch self {
        case .notPersisted(let reason): "in force now but not persisted: \(reason)"
        }
    }
}

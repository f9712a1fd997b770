/// Why an audit entry could not be appended or the log could not be read.
public enum AuditError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The actor or action is empty.
    case invalidEntry(String)
    /// The log's head or last row cannot be read back as written (run `rampart audit verify`).
    case corruptHead(String)
    /// SQLite failed.
    case database(String)

    public var description: String {
        switch self {
        case .invalidEntry(let reason): "invalid audit entry: \(reason)"
        case .corruptHead(let reason): "the audit log cannot be extended: \(reason); run rampart audit verify"
        case .database(let reason): "audit database error: \(reason)"
        }
    }
}

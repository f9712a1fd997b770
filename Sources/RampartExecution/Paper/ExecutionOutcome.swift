public import RampartRules

/// What an executor did with a permit: a fill to commit, or a rejection to release.
public enum ExecutionOutcome: Sendable, Hashable {
    /// The order filled; commit the fill against the permit.
    case filled(Fill)
    /// The order did not fill (the reason says why); release the permit.
    case rejected(reason: String)
}

public import RampartRules

/// Executes a permitted order; the paper executor (and later a venue) conforms.
public protocol Executor: Sendable {
    /// Executes `permit`'s order: filled (possibly partly) or rejected.
    func execute(_ permit: Permit) async -> ExecutionResult
}

/// What an executor did with a permit.
public enum ExecutionResult: Sendable, Hashable {
    /// Filled; the rest of the permit, if any, is released.
    case filled(Fill)
    /// Not filled at all; the whole permit is released.
    case rejected(reason: String)
    /// A live order whose outcome the venue has not confirmed: the reservation is held and the service keeps
    /// reconciling it by `clientOrderID` (listed under `pending_live_orders` in `GET /v1/state`).
    case pending(clientOrderID: String, reason: String)
}

public import RampartRules

/// A live order whose fate the router could not settle; its permit's reservation is still held.
public struct UnresolvedOrder: Sendable {
    /// The permit, still reserved: commit or release it once the venue's truth is known.
    public var permit: Permit
    /// The client order id to look the order up by.
    public var clientOrderID: String
    /// Why it is unresolved.
    public var reason: String
    /// When the placement was sent.
    public var sentAt: ContinuousClock.Instant

    /// Creates one; for an order found in flight after a restart, `sentAt` is the restart (the placement can have
    /// left no later), so "absent" only counts once the venue's late-arrival window has passed since then.
    public init(permit: Permit, clientOrderID: String, reason: String, sentAt: ContinuousClock.Instant) {
        self.permit = permit
        self.clientOrderID = clientOrderID
        self.reason = reason
        self.sentAt = sentAt
    }
}

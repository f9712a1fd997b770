public import RampartRules

/// A paper limit order that was resting when the process last stopped, rebuilt from the journal.
public struct RestingOrderRecord: Sendable, Hashable {
    /// The order's permit, open again: settle it with `DurableGate.commit` or `DurableGate.release`.
    public var permit: Permit
    /// When the order began resting.
    public var since: Timestamp
    /// When it expires unless a quote crosses it first.
    public var expiresAt: Timestamp

    /// Creates a record.
    public init(permit: Permit, since: Timestamp, expiresAt: Timestamp) {
        self.permit = permit
        self.since = since
        self.expiresAt = expiresAt
    }
}

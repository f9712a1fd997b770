public import RampartRules

/// A bot-executed order (`execution: external`) whose reservation was held when the process last stopped, rebuilt
/// from the journal with the fills the bot had reported.
public struct ExternalOrderRecord: Sendable, Hashable {
    /// The order's permit, open again for the quantity not yet filled.
    public var permit: Permit
    /// When the reservation is released unless settled first.
    public var expiresAt: Timestamp
    /// What the bot's reported fills add up to (below the order's quantity).
    public var filled: FixedDecimal
    /// The reported fills' ids, in the order they were journaled.
    public var fillIDs: [String]

    /// Creates a record.
    public init(permit: Permit, expiresAt: Timestamp, filled: FixedDecimal, fillIDs: [String]) {
        self.permit = permit
        self.expiresAt = expiresAt
        self.filled = filled
        self.fillIDs = fillIDs
    }
}

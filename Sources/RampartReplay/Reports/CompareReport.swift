public import RampartRules

/// An order whose decision differs between the profile and the `--compare` profile.
public struct ChangedOrder: Sendable, Hashable {
    /// 1-based position of the fill in the input.
    public var index: Int
    /// The fill's time.
    public var time: Timestamp
    /// The bot.
    public var bot: String
    /// The symbol.
    public var symbol: String
    /// Buy or sell.
    public var side: Side
    /// Whether the profile allowed it.
    public var allowed: Bool
    /// Whether the compare profile allowed it.
    public var compareAllowed: Bool
}

/// The same replay through the `--compare` profile.
public struct CompareReport: Sendable, Hashable {
    /// The compare profile's name.
    public var profileName: String
    /// The compare profile's hash.
    public var profileHash: String
    /// Its orders.
    public var summary: OrderSummary
    /// Its denials per rule id, sorted by id.
    public var denialsByRule: [RuleCount]
    /// Its gated record.
    public var gated: ReplayResult
    /// The orders whose decision differs, in replay order.
    public var changed: [ChangedOrder]
    /// Its gated equity curve, downsampled.
    public var gatedCurve: [EquityPoint]
}

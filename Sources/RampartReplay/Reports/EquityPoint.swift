public import RampartRules

/// One point of an equity curve.
public struct EquityPoint: Sendable, Hashable {
    /// When.
    public var time: Timestamp
    /// Starting balance plus cumulative realized P&L.
    public var equity: FixedDecimal
}

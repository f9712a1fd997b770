/// A round trip that a fill closed.
public struct ClosedTrade: Sendable, Hashable {
    /// The bot.
    public var bot: String
    /// The symbol.
    public var symbol: String
    /// Net P&L of the round trip, fees included.
    public var pnl: FixedDecimal
    /// When the position was opened.
    public var openedAt: Timestamp
    /// When it was closed.
    public var closedAt: Timestamp

    /// Whether the trade made money after fees.
    public var isWin: Bool { pnl.isPositive }
}

/// What committing a fill changed.
public struct FillOutcome: Sendable, Hashable {
    /// Realized P&L of this fill (zero for an opening fill).
    public var realizedPnL: FixedDecimal
    /// The round trip the fill completed, if it brought the position to flat.
    public var closedTrade: ClosedTrade?
}

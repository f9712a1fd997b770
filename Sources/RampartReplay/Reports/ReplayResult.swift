public import RampartRules

/// Closed round trips, wins, net P&L and max drawdown of one record (baseline or gated).
public struct ReplayResult: Sendable, Hashable {
    /// Closed round trips.
    public var trades: Int
    /// Round trips with net P&L after fees above zero.
    public var wins: Int
    /// Net realized P&L, fees included, in the quote currency.
    public var pnl: FixedDecimal
    /// Largest peak-to-trough fall of starting balance + cumulative realized P&L, as a fraction 0…1 of the peak.
    public var maxDrawdown: FixedDecimal

    /// Creates a result.
    public init(trades: Int, wins: Int, pnl: FixedDecimal, maxDrawdown: FixedDecimal) {
        self.trades = trades
        self.wins = wins
        self.pnl = pnl
        self.maxDrawdown = maxDrawdown
    }

    /// Wins / trades, 0…1 (zero without trades).
    public var winRate: FixedDecimal {
        guard trades > 0 else { return .zero }
        return (try? FixedDecimal(wins).divided(by: FixedDecimal(trades))) ?? .zero
    }
}

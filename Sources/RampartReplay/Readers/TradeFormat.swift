import RampartRules

/// The trade-history formats `rampart dry-run` reads.
public enum TradeFormat: String, Sendable, CaseIterable {
    /// Rampart's own CSV: `time,bot,symbol,side,quantity,price,fee[,client_order_id]`.
    case csv
    /// CCXT unified trades (`fetch_my_trades` output) as a JSON array.
    case ccxt
    /// A freqtrade backtest result JSON file.
    case freqtrade
}

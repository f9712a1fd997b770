import RampartRules

/// The paper stats as one line: `paper_days=… closed_trades=… wins=… win_rate=… profit=…`.
struct PromotionStats: CustomStringConvertible {
    let record: PaperRecord

    init(_ record: PaperRecord) { self.record = record }

    var description: String {
        "paper_days=\(record.paperDays) closed_trades=\(record.closedTrades) wins=\(record.wins) "
            + "win_rate=\(record.winRate) profit=\(record.profit) net_pnl=\(record.netPnL) "
            + "starting_balance=\(record.startingBalance) caller_priced_fills=\(record.callerPricedFills)"
    }
}

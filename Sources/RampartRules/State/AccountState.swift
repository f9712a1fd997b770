/// One account's state: equity, daily P&L, peak and exposure.
struct AccountState: Sendable {
    let name: String
    var startingBalance: FixedDecimal
    /// False for an account an operator halted before its first order: its balance comes with that order.
    var funded: Bool
    var realizedPnL = FixedDecimal.zero
    var day: Int64
    var dayStartEquity: FixedDecimal
    var dailyRealizedPnL = FixedDecimal.zero
    var peakEquity: FixedDecimal
    /// Sum over positions of their cost notional (|quantity| × average entry price).
    var grossExposure = FixedDecimal.zero
    var pendingExposure = FixedDecimal.zero
    var trading = TradingStateEntry.active
    /// Whether the profile in force declares the account (refreshed when the profile changes).
    var declared = true
    /// `type: margin`: sells may go short.
    var allowsShort = false
    /// Bots trading in the account, for `limits.max_bots`.
    var botCount: Int32 = 0

    init(name: String, startingBalance: FixedDecimal, day: Int64, funded: Bool = true) {
        self.name = name
        self.funded = funded
        self.startingBalance = startingBalance
        self.day = day
        self.dayStartEquity = startingBalance
        self.peakEquity = startingBalance
    }

    /// Starting balance plus realized P&L (net of fees).
    var equity: FixedDecimal { (try? startingBalance.adding(realizedPnL)) ?? startingBalance }

    /// Today's realized P&L and the equity it is measured from, on UTC day `day`.
    ///
    /// A day after the stored one reads as if `RiskState.rollDay` had run (zero P&L from the current equity),
    /// so a what-if decision never has to write the roll-over into (shared, copy-on-write) state.
    @inline(__always) func daily(on day: Int64) -> (realizedPnL: FixedDecimal, startEquity: FixedDecimal) {
        day > self.day ? (.zero, equity) : (dailyRealizedPnL, dayStartEquity)
    }
}

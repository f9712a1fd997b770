/// One account's state: equity, daily P&L, peak and exposure.
struct AccountState: Sendable {
    let name: String
    var startingBalance: FixedDecimal { didSet { settleEquity() } }
    /// False for an account an operator halted before its first order: its balance comes with that order.
    var funded: Bool
    var realizedPnL = FixedDecimal.zero { didSet { settleEquity() } }
    var day: Int64
    var dayStartEquity: FixedDecimal
    var dailyRealizedPnL = FixedDecimal.zero
    var peakEquity: FixedDecimal { didSet { settleEquity() } }
    /// Starting balance plus realized P&L (net of fees), the starting balance alone if that is out of range.
    ///
    /// Kept, not computed: every write of its parts sets it again (`didSet`), so a decision reads it instead of
    /// adding on every order.
    private(set) var equity: FixedDecimal
    /// `peakEquity − equity`, nil when out of range: what `max_drawdown` compares, kept as `equity` is.
    private(set) var drawdown: FixedDecimal?
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
        self.equity = startingBalance
        self.drawdown = .zero
    }

    /// Sets `equity` and `drawdown` from their parts.
    private mutating func settleEquity() {
        equity = (try? startingBalance.adding(realizedPnL)) ?? startingBalance
        drawdown = try? peakEquity.subtracting(equity)
    }

    /// Today's realized P&L and the equity it is measured from, on UTC day `day`.
    ///
    /// A day after the stored one reads as if `RiskState.rollDay` had run (zero P&L from the current equity),
    /// so a what-if decision never has to write the roll-over into (shared, copy-on-write) state.
    @inline(__always) func daily(on day: Int64) -> (realizedPnL: FixedDecimal, startEquity: FixedDecimal) {
        day > self.day ? (.zero, equity) : (dailyRealizedPnL, dayStartEquity)
    }
}

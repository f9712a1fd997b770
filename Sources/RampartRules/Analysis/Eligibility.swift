/// A bot's paper trading record, as eligibility reads it.
public struct PaperRecord: Sendable, Hashable {
    /// When the first paper trade happened.
    public var firstTrade: Timestamp?
    /// When the last paper trade happened (or now, for a live promotion request).
    public var lastTrade: Timestamp?
    /// Closed round trips.
    public var closedTrades: Int
    /// Closed round trips with positive net P&L.
    public var wins: Int
    /// Net realized P&L, fees included.
    public var netPnL: FixedDecimal
    /// The balance profit is measured against.
    public var startingBalance: FixedDecimal
    /// Paper fills priced from the caller's numbers instead of market data (DESIGN §7).
    public var callerPricedFills: Int

    /// Creates a record.
    public init(
        firstTrade: Timestamp?,
        lastTrade: Timestamp?,
        closedTrades: Int,
        wins: Int,
        netPnL: FixedDecimal,
        startingBalance: FixedDecimal,
        callerPricedFills: Int = 0
    ) {
        self.callerPricedFills = callerPricedFills
        self.firstTrade = firstTrade
        self.lastTrade = lastTrade
        self.closedTrades = closedTrades
        self.wins = wins
        self.netPnL = netPnL
        self.startingBalance = startingBalance
    }

    /// Days between the first and last trade, with eight decimals (zero without trades).
    public var paperDays: FixedDecimal {
        guard let first = firstTrade, let last = lastTrade, last > first else { return .zero }
        let elapsed = FixedDecimal(units: Int128(last.nanoseconds - first.nanoseconds))
        return (try? elapsed.divided(by: FixedDecimal(units: Int128(Timestamp.nanosecondsPerDay)))) ?? .zero
    }

    /// Wins / closed trades, 0…1 (zero without trades).
    public var winRate: FixedDecimal {
        guard closedTrades > 0 else { return .zero }
        return (try? FixedDecimal(wins).divided(by: FixedDecimal(closedTrades))) ?? .zero
    }

    /// Net P&L / starting balance (zero when the balance is not positive).
    public var profit: FixedDecimal {
        guard startingBalance.isPositive else { return .zero }
        return (try? netPnL.divided(by: startingBalance)) ?? .zero
    }
}

/// Whether a record meets the promotion thresholds, and which ones it misses.
public struct EligibilityVerdict: Sendable, Hashable {
    /// True when every threshold is met.
    public var eligible: Bool { failed.isEmpty }
    /// Names of the thresholds missed: `min_paper_days`, `min_trades`, `min_win_rate`, `min_profit`, and
    /// `caller_prices` when the record holds caller-priced fills and `allow_caller_prices` is off.
    public var failed: [String]
    /// The record judged.
    public var record: PaperRecord
}

extension EligibilityThresholds {
    /// Judges a paper record against these thresholds (each is a minimum: at the threshold passes).
    public func verdict(for record: PaperRecord) -> EligibilityVerdict {
        var failed: [String] = []
        if record.paperDays < FixedDecimal(minPaperDays) { failed.append("min_paper_days") }
        if record.closedTrades < minTrades { failed.append("min_trades") }
        if record.winRate < minWinRate.ratio { failed.append("min_win_rate") }
        if record.profit < minProfit.ratio { failed.append("min_profit") }
        // The record that decides promotion must not be written by the bot itself.
        if record.callerPricedFills > 0 && !allowCallerPrices { failed.append("caller_prices") }
        return EligibilityVerdict(failed: failed, record: record)
    }
}

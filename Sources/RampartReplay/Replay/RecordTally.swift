import RampartRules

/// Closed round trips, wins, net P&L and drawdown of a record as it is replayed.
struct RecordTally: Sendable {
    var trades = 0
    var wins = 0
    var pnl = FixedDecimal.zero
    var drawdown: DrawdownTracker

    /// A record that starts from `startingBalance`.
    init(startingBalance: FixedDecimal) {
        drawdown = DrawdownTracker(startingBalance: startingBalance)
    }

    /// Adds a fill's realized P&L and the round trip it closed, if any.
    mutating func add(_ outcome: FillOutcome, at time: Timestamp) throws(ArithmeticError) {
        if let trade = outcome.closedTrade {
            trades += 1
            if trade.isWin { wins += 1 }
        }
        guard !outcome.realizedPnL.isZero else { return }
        pnl = try pnl.adding(outcome.realizedPnL)
        drawdown.observe(pnl: pnl, at: time)
    }

    /// The finished numbers.
    var result: ReplayResult {
        ReplayResult(trades: trades, wins: wins, pnl: pnl, maxDrawdown: drawdown.worst)
    }
}

/// The largest fall of equity (starting balance + cumulative realized P&L) from its running peak, as a fraction of the peak.
///
/// Equity is taken once per instant, after every fill of that time: the order of equal-time fills is not meaningful.
struct DrawdownTracker: Sendable, Hashable {
    let startingBalance: FixedDecimal
    private var peak: FixedDecimal
    private var settled = FixedDecimal.zero
    private var pendingTime: Int64?
    private var pendingPnL = FixedDecimal.zero

    /// Starts at `startingBalance`, which is also the first peak.
    init(startingBalance: FixedDecimal) {
        self.startingBalance = startingBalance
        self.peak = startingBalance
    }

    /// Takes cumulative P&L `pnl` at `time`; a later value at the same time replaces it.
    mutating func observe(pnl: FixedDecimal, at time: Timestamp) {
        if let pendingTime, pendingTime != time.nanoseconds { settle(pendingPnL) }
        pendingTime = time.nanoseconds
        pendingPnL = pnl
    }

    /// The largest drawdown so far, 0…1.
    var worst: FixedDecimal {
        var copy = self
        if copy.pendingTime != nil { copy.settle(copy.pendingPnL) }
        return copy.settled
    }

    private mutating func settle(_ pnl: FixedDecimal) {
        guard let equity = try? startingBalance.adding(pnl) else { return }
        if equity > peak {
            peak = equity
            return
        }
        guard peak.isPositive, equity < peak, let fall = try? peak.subtracting(equity) else { return }
        // Most falls are no deeper than the worst so far: fall / peak ≤ settled exactly (fall × 10^8 ≤ settled ×
        // peak in units) means the rounded fraction cannot exceed it either, so the division is skipped.
        let (scaledFall, fallOverflow) = fall.units.multipliedReportingOverflow(by: FixedDecimal.scale)
        let (bound, boundOverflow) = settled.units.multipliedReportingOverflow(by: peak.units)
        if !fallOverflow && !boundOverflow && scaledFall <= bound { return }
        guard let fraction = try? fall.divided(by: peak) else { return }
        // Losing more than the whole peak is reported as 1 (100%): the ratio stays in 0…1.
        let capped = min(fraction, FixedDecimal(1))
        if capped > settled { settled = capped }
    }
}

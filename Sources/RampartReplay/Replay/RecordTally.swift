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
    mutating func add(_ outcome: FillOutcome) throws(ArithmeticError) {
        if let trade = outcome.closedTrade {
            trades += 1
            if trade.isWin { wins += 1 }
        }
        guard !outcome.realizedPnL.isZero else { return }
        pnl = try pnl.adding(outcome.realizedPnL)
        drawdown.observe(pnl: pnl)
    }

    /// The finished numbers.
    var result: ReplayResult {
        ReplayResult(trades: trades, wins: wins, pnl: pnl, maxDrawdown: drawdown.worst)
    }
}

/// The largest fall of equity (starting balance + cumulative realized P&L) from its running peak, as a fraction of the peak.
struct DrawdownTracker: Sendable, Hashable {
    let startingBalance: FixedDecimal
    private(set) var peak: FixedDecimal
    private(set) var worst = FixedDecimal.zero

    /// Starts at `startingBalance`, which is also the first peak.
    init(startingBalance: FixedDecimal) {
        self.startingBalance = startingBalance
        self.peak = startingBalance
    }

    /// Takes the equity after a change of cumulative P&L to `pnl`.
    mutating func observe(pnl: FixedDecimal) {
        guard let equity = try? startingBalance.adding(pnl) else { return }
        if equity > peak {
            peak = equity
            return
        }
        guard peak.isPositive, equity < peak, let fall = try? peak.subtracting(equity),
            let fraction = try? fall.divided(by: peak)
        else { return }
        // Losing more than the whole peak is reported as 1 (100%): the ratio stays in 0…1.
        let capped = min(fraction, FixedDecimal(1))
        if capped > worst { worst = capped }
    }
}

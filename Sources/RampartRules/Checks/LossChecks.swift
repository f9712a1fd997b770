extension RiskState {
    /// 100 × 10^8 in 1e-8 units: multiplying by it turns "x%" comparisons into exact integer ones.
    static let hundredScaled = FixedDecimal(units: 100 * FixedDecimal.scale)

    /// `max_daily_loss`: today's realized P&L at or below −percent of the equity at 00:00 UTC.
    @inline(__always) mutating func dailyLossViolates(_ facts: borrowing OrderFacts, _ percent: Percent) -> Bool {
        let daily = accounts[Int(facts.account)].daily(on: facts.day)
        // No loss today on a positive equity breaks no positive limit (0 ≤ daily × 100, −percent × equity < 0): the
        // common case, without the products.
        if daily.realizedPnL.units >= 0 && daily.startEquity.units > 0 && percent.value.units > 0 { return false }
        // daily ≤ −percent/100 × equity, compared exactly: daily × 100 × 10^8 ≤ −percent × equity.
        let order = FixedDecimal.compareProducts(
            daily.realizedPnL,
            Self.hundredScaled,
            percent.value.negated,
            daily.startEquity
        )
        return order <= 0
    }

    func dailyLossMeasures(_ facts: OrderFacts, _ percent: Percent) -> (actual: Measure, limit: Measure) {
        let daily = accounts[Int(facts.account)].daily(on: facts.day)
        let threshold = (try? percent.of(daily.startEquity).negated) ?? .min
        return (.amount(daily.realizedPnL), .amount(threshold))
    }

    /// `max_drawdown`: equity down by percent or more from its peak.
    @inline(__always) mutating func drawdownViolates(_ facts: borrowing OrderFacts, _ percent: Percent) -> Bool {
        let account = Int(facts.account)
        let peak = accounts[account].peakEquity
        guard peak.isPositive else { return true }
        guard let drawdown = accounts[account].drawdown else { return true }
        guard drawdown.isPositive else { return false }
        // drawdown ≥ percent/100 × peak, compared exactly.
        return FixedDecimal.compareProducts(drawdown, Self.hundredScaled, percent.value, peak) >= 0
    }

    func drawdownMeasures(_ facts: OrderFacts, _ percent: Percent) -> (actual: Measure, limit: Measure) {
        let account = accounts[Int(facts.account)]
        guard account.peakEquity.isPositive else { return (.text("no positive equity peak"), .percent(percent.value)) }
        guard let drawdown = try? account.peakEquity.subtracting(account.equity),
            let share = try? drawdown.multiplied(by: FixedDecimal(100), dividedBy: account.peakEquity)
        else { return (.text("out of range"), .percent(percent.value)) }
        return (.percent(share), .percent(percent.value))
    }

    /// `loss_streak`: a new entry within the cooldown after the N-th losing trade in a row.
    @inline(__always) mutating func lossStreakViolates(_ facts: borrowing OrderFacts, _ streak: LossStreak) -> Bool {
        let bot = Int(facts.bot)
        guard bots[bot].consecutiveLosses >= streak.losses else { return false }
        let (resumeAt, overflow) = bots[bot].lastLossTime.addingReportingOverflow(streak.cooldown.nanoseconds)
        if overflow { return true }
        return facts.now.nanoseconds < resumeAt
    }
}

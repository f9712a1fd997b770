extension RiskState {
    /// 100 as a raw count of 1e-8 units times 10^8: multiplying by it turns "x%" comparisons into integer ones.
    static let hundredScaled = FixedDecimal(units: 100 * FixedDecimal.scale)

    /// `max_daily_loss`: today's realized P&L at or below −percent of the equity at 00:00 UTC.
    func dailyLossViolation(_ facts: OrderFacts, _ percent: Percent) -> (actual: Measure, limit: Measure)? {
        let daily = accounts[Int(facts.account)].dailyRealizedPnL
        let equity = accounts[Int(facts.account)].dayStartEquity
        // daily ≤ −percent/100 × equity, compared exactly: daily × 100 × 10^8 ≤ −(percent × equity) in 1e-16 units.
        if let order = FixedDecimal.compareProducts(daily, Self.hundredScaled, percent.value.negated, equity), order > 0 {
            return nil
        }
        let threshold = (try? percent.of(equity).negated) ?? .min
        return (.amount(daily), .amount(threshold))
    }

    /// `max_drawdown`: equity down by percent or more from its peak (stays tripped until resumed, via its action).
    func drawdownViolation(_ facts: OrderFacts, _ percent: Percent) -> (actual: Measure, limit: Measure)? {
        let peak = accounts[Int(facts.account)].peakEquity
        guard peak.isPositive else { return (.text("no positive equity peak"), .percent(percent.value)) }
        guard let drawdown = try? peak.subtracting(accounts[Int(facts.account)].equity) else {
            return (.text("out of range"), .percent(percent.value))
        }
        guard drawdown.isPositive else { return nil }
        // drawdown ≥ percent/100 × peak, compared exactly.
        if let order = FixedDecimal.compareProducts(drawdown, Self.hundredScaled, percent.value, peak), order < 0 {
            return nil
        }
        let drawdownPercent = (try? drawdown.multiplied(by: FixedDecimal(100), dividedBy: peak)) ?? .max
        return (.percent(drawdownPercent), .percent(percent.value))
    }

    /// `loss_streak`: a new entry within the cooldown after the N-th losing trade in a row.
    func lossStreakViolation(_ facts: OrderFacts, _ streak: LossStreak) -> (actual: Measure, limit: Measure)? {
        let losses = bots[Int(facts.bot)].consecutiveLosses
        guard losses >= streak.losses else { return nil }
        let (resumeAt, overflow) = bots[Int(facts.bot)].lastLossTime.addingReportingOverflow(streak.cooldown.nanoseconds)
        guard overflow || facts.now.nanoseconds < resumeAt else { return nil }
        return (.count(losses), .lossStreak(streak))
    }
}

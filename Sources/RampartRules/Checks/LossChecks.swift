extension RiskState {
    /// `max_daily_loss`: today's realized P&L at or below −percent of the equity at 00:00 UTC.
    func dailyLossViolation(_ facts: OrderFacts, _ percent: Percent) -> (actual: Measure, limit: Measure)? {
        let account = accounts[Int(facts.account)]
        guard let allowance = try? percent.of(account.dayStartEquity) else {
            return (.text("out of range"), .percent(percent.value))
        }
        let threshold = allowance.negated
        return account.dailyRealizedPnL <= threshold ? (.amount(account.dailyRealizedPnL), .amount(threshold)) : nil
    }

    /// `max_drawdown`: equity down by percent or more from its peak (stays tripped until resumed, via its action).
    func drawdownViolation(_ facts: OrderFacts, _ percent: Percent) -> (actual: Measure, limit: Measure)? {
        let account = accounts[Int(facts.account)]
        let peak = account.peakEquity
        guard peak.isPositive else { return (.text("no positive equity peak"), .percent(percent.value)) }
        guard let drawdown = try? peak.subtracting(account.equity), let limit = try? percent.of(peak) else {
            return (.text("out of range"), .percent(percent.value))
        }
        guard drawdown.isPositive && drawdown >= limit else { return nil }
        let drawdownPercent = (try? drawdown.multiplied(by: FixedDecimal(100), dividedBy: peak)) ?? .max
        return (.percent(drawdownPercent), .percent(percent.value))
    }

    /// `loss_streak`: a new entry within the cooldown after the N-th losing trade in a row.
    func lossStreakViolation(_ facts: OrderFacts, _ streak: LossStreak) -> (actual: Measure, limit: Measure)? {
        let bot = bots[Int(facts.bot)]
        guard bot.consecutiveLosses >= streak.losses else { return nil }
        let (resumeAt, overflow) = bot.lastLossTime.addingReportingOverflow(streak.cooldown.nanoseconds)
        guard overflow || facts.now.nanoseconds < resumeAt else { return nil }
        return (.count(bot.consecutiveLosses), .lossStreak(streak))
    }
}

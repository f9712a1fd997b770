extension RiskState {
    /// `max_position_notional`: |position after the fill| × the order's price must stay within the limit.
    func positionNotionalViolation(_ facts: OrderFacts, _ limit: FixedDecimal) -> (actual: Measure, limit: Measure)? {
        let (after, overflow) = positions[Int(facts.position)].projectedQuantity.addingReportingOverflow(facts.signedQuantity)
        guard !overflow, let notional = try? FixedDecimal(units: after).magnitude.multiplied(by: facts.price) else {
            return (.text("out of range"), .amount(limit))
        }
        return notional > limit ? (.amount(notional), .amount(limit)) : nil
    }

    /// `max_gross_exposure`: the account's exposure plus reserved orders plus this order must stay within the limit.
    func grossExposureViolation(_ facts: OrderFacts, _ limit: FixedDecimal) -> (actual: Measure, limit: Measure)? {
        let account = accounts[Int(facts.account)]
        guard let held = try? account.grossExposure.adding(account.pendingExposure),
            let after = try? held.adding(facts.notional)
        else { return (.text("out of range"), .amount(limit)) }
        return after > limit ? (.amount(after), .amount(limit)) : nil
    }

    /// `max_open_trades`: an order that opens a position while the bot already holds the limit.
    func openTradesViolation(_ facts: OrderFacts, _ limit: Int) -> (actual: Measure, limit: Measure)? {
        guard facts.effect == .opening else { return nil }
        let bot = bots[Int(facts.bot)]
        let held = bot.openPositions + bot.pendingOpens
        return held >= limit ? (.count(held), .count(limit)) : nil
    }
}

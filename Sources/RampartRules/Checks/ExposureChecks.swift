extension RiskState {
    /// `max_position_notional`: |position after the fill| × the order's price must stay within the limit.
    func positionNotionalViolation(_ facts: OrderFacts, _ limit: FixedDecimal) -> (actual: Measure, limit: Measure)? {
        let (after, overflow) = positions[Int(facts.position)].projectedQuantity.addingReportingOverflow(facts.signedQuantity)
        guard !overflow else { return (.text("out of range"), .amount(limit)) }
        let size = FixedDecimal(units: after).magnitude
        // |after| × price > limit, compared exactly without dividing.
        if let order = FixedDecimal.compareProducts(size, facts.price, limit, FixedDecimal(units: FixedDecimal.scale)),
            order <= 0
        {
            return nil
        }
        let notional = (try? size.multiplied(by: facts.price)) ?? .max
        return (.amount(notional), .amount(limit))
    }

    /// `max_gross_exposure`: the account's exposure plus reserved orders plus this order must stay within the limit.
    func grossExposureViolation(_ facts: OrderFacts, _ limit: FixedDecimal) -> (actual: Measure, limit: Measure)? {
        guard let held = try? accounts[Int(facts.account)].grossExposure.adding(accounts[Int(facts.account)].pendingExposure),
            let after = try? held.adding(facts.notional)
        else { return (.text("out of range"), .amount(limit)) }
        return after > limit ? (.amount(after), .amount(limit)) : nil
    }

    /// `max_open_trades`: an order that opens a position while the bot already holds the limit.
    func openTradesViolation(_ facts: OrderFacts, _ limit: Int) -> (actual: Measure, limit: Measure)? {
        guard facts.effect == .opening else { return nil }
        let held = bots[Int(facts.bot)].openPositions + bots[Int(facts.bot)].pendingOpens
        return held >= limit ? (.count(held), .count(limit)) : nil
    }
}

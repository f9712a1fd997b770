extension RiskState {
    /// `max_position_notional`: |position after reserved orders and this one| × the order's price must stay within.
    @inline(__always) mutating func positionNotionalViolates(
        _ facts: borrowing OrderFacts,
        _ limit: FixedDecimal
    ) -> Bool {
        let projected = positions[Int(facts.position)].quantity &+ positions[Int(facts.position)].pendingQuantity
        let (after, overflow) = projected.addingReportingOverflow(facts.signedQuantity)
        guard !overflow else { return true }
        // |after| × price > limit × 1, compared exactly without dividing.
        return FixedDecimal.compareProducts(FixedDecimal(units: after).magnitude, facts.price, limit, Self.one) > 0
    }

    /// `max_position_notional` against the limit already multiplied by 10^8 (`FusedChecks`): |after| × price >
    /// `scaledLimit`, one product instead of two.
    @inline(__always) func positionNotionalExceeds(_ facts: borrowing OrderFacts, scaledLimit: Int128) -> Bool {
        let projected = positions[Int(facts.position)].quantity &+ positions[Int(facts.position)].pendingQuantity
        let (after, overflow) = projected.addingReportingOverflow(facts.signedQuantity)
        guard !overflow else { return true }
        // A product past 128 bits is larger than any limit that fits them.
        let (notional, past) = FixedDecimal.product(FixedDecimal(units: after).magnitude.units, facts.price.units)
        return past || notional > scaledLimit
    }

    func positionNotionalMeasures(_ facts: OrderFacts, _ limit: FixedDecimal) -> (actual: Measure, limit: Measure) {
        let after = positions[Int(facts.position)].projectedQuantity.addingReportingOverflow(facts.signedQuantity)
        guard !after.overflow,
            let notional = try? FixedDecimal(units: after.partialValue).magnitude.multiplied(by: facts.price)
        else { return (.text("out of range"), .amount(limit)) }
        return (.amount(notional), .amount(limit))
    }

    /// `max_gross_exposure`: the account's exposure plus reserved orders plus this order must stay within the limit.
    @inline(__always) mutating func grossExposureViolates(_ facts: borrowing OrderFacts, _ limit: FixedDecimal) -> Bool
    {
        guard let after = grossExposureAfter(facts) else { return true }
        return after > limit
    }

    func grossExposureMeasures(_ facts: OrderFacts, _ limit: FixedDecimal) -> (actual: Measure, limit: Measure) {
        guard let after = grossExposureAfter(facts) else { return (.text("out of range"), .amount(limit)) }
        return (.amount(after), .amount(limit))
    }

    @inline(__always) private func grossExposureAfter(_ facts: borrowing OrderFacts) -> FixedDecimal? {
        let account = Int(facts.account)
        guard let held = try? accounts[account].grossExposure.adding(accounts[account].pendingExposure) else {
            return nil
        }
        return try? held.adding(facts.notional)
    }

    /// `max_open_trades`: an order that opens a position while the bot already holds (or has reserved) the limit.
    @inline(__always) mutating func openTradesViolates(_ facts: borrowing OrderFacts, _ limit: Int) -> Bool {
        if facts.effect != .opening { return false }
        return bots[Int(facts.bot)].openPositions + bots[Int(facts.bot)].pendingOpens >= limit
    }

    /// 1 as a fixed-point value.
    static let one = FixedDecimal(units: FixedDecimal.scale)
}

extension RiskState {
    /// `price_collar`: a limit price must be within ±percent of the reference price (no reference: fail closed).
    @inline(__always) mutating func priceCollarViolates(
        _ order: borrowing Order,
        _ facts: borrowing OrderFacts,
        _ percent: Percent
    ) -> Bool {
        guard order.type == .limit, let price = order.price else { return false }
        guard let reference = facts.reference else { return true }
        return Self.deviates(price, from: reference, by: percent)
    }

    func priceCollarMeasures(
        _ order: Order,
        _ facts: OrderFacts,
        _ percent: Percent
    ) -> (actual: Measure, limit: Measure) {
        guard let reference = facts.reference, let price = order.price else {
            let why: StaticString =
                facts.needsQuote
                ? "unknown: no fresh market quote, and market_data.require does not let reference_price stand in"
                : "unknown: no market quote and no reference_price"
            return (.text(why), .percent(percent.value))
        }
        return (Self.deviation(of: price, from: reference), .percent(percent.value))
    }

    /// `reference_price`: the caller's `reference_price` more than `tolerance` away from the market price the gate
    /// judged the order at (only when a market quote was used).
    @inline(__always) mutating func referencePriceViolates(
        _ order: borrowing Order,
        _ facts: borrowing OrderFacts,
        _ tolerance: Percent
    ) -> Bool {
        guard facts.priceSource == .market, let claimed = order.referencePrice, let market = facts.reference else {
            return false
        }
        return Self.deviates(claimed, from: market, by: tolerance)
    }

    func referencePriceMeasures(
        _ order: Order,
        _ facts: OrderFacts,
        _ tolerance: Percent
    )
        -> (actual: Measure, limit: Measure)
    {
        guard let claimed = order.referencePrice, let market = facts.reference else {
            return (.text("no reference_price or no market price"), .percent(tolerance.value))
        }
        return (Self.deviation(of: claimed, from: market), .percent(tolerance.value))
    }

    /// Whether |price − reference| > percent/100 × reference, compared exactly (out of range: true, fail closed).
    @inline(__always) static func deviates(
        _ price: FixedDecimal,
        from reference: FixedDecimal,
        by percent: Percent
    )
        -> Bool
    {
        guard let deviation = try? price.subtracting(reference).magnitude else { return true }
        // deviation × 100 × 10^8 > percent × reference, without dividing.
        return FixedDecimal.compareProducts(deviation, hundredScaled, percent.value, reference) > 0
    }

    /// |price − reference| as a percentage of the reference, for reports.
    static func deviation(of price: FixedDecimal, from reference: FixedDecimal) -> Measure {
        guard let deviation = try? price.subtracting(reference).magnitude,
            let share = try? deviation.multiplied(by: FixedDecimal(100), dividedBy: reference)
        else { return .text("out of range") }
        return .percent(share)
    }

    /// `duplicate_order`: a client order id seen before, or the same order inside the window.
    @inline(__always) mutating func duplicateViolates(
        _ order: borrowing Order,
        _ facts: borrowing OrderFacts,
        _ window: TimeSpan
    ) -> Bool {
        if let id = order.clientOrderID, clientOrderIDs.contains(id) { return true }
        return recentOrders[Int(facts.position)].holdsDuplicate(of: recent(order, facts), window: window.nanoseconds)
    }

    func duplicateMeasures(_ order: Order, _ facts: OrderFacts, _ window: TimeSpan) -> (actual: Measure, limit: Measure)
    {
        if let id = order.clientOrderID, clientOrderIDs.contains(id) {
            return (.text("client order id already seen"), .text("unique client order ids"))
        }
        let age =
            recentOrders[Int(facts.position)].duplicateAge(of: recent(order, facts), window: window.nanoseconds) ?? 0
        return (.duration(TimeSpan(nanoseconds: age)), .duration(window))
    }

    @inline(__always) private func recent(_ order: borrowing Order, _ facts: borrowing OrderFacts) -> RecentOrder {
        RecentOrder(
            side: order.side,
            quantity: order.quantity.units,
            price: facts.price.units,
            time: facts.now.nanoseconds
        )
    }
}

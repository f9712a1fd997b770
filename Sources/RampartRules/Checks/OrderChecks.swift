extension RiskState {
    /// `price_collar`: a limit price must be within ±percent of the reference price.
    func priceCollarViolation(_ order: Order, _ facts: OrderFacts, _ percent: Percent) -> (
        actual: Measure, limit: Measure
    )? {
        guard order.type == .limit, let price = order.price else { return nil }
        guard let reference = order.referencePrice else {
            // Without a reference the collar cannot be checked: fail closed.
            return (.text("unknown, no reference_price"), .percent(percent.value))
        }
        guard let deviation = try? price.subtracting(reference).magnitude else {
            return (.text("out of range"), .percent(percent.value))
        }
        // deviation > percent/100 × reference, compared exactly.
        if let order = FixedDecimal.compareProducts(deviation, Self.hundredScaled, percent.value, reference), order <= 0 {
            return nil
        }
        let deviationPercent = (try? deviation.multiplied(by: FixedDecimal(100), dividedBy: reference)) ?? .max
        return (.percent(deviationPercent), .percent(percent.value))
    }

    /// `duplicate_order`: a client order id seen before, or the same order inside the window.
    func duplicateViolation(_ order: Order, _ facts: OrderFacts, _ window: TimeSpan) -> (
        actual: Measure, limit: Measure
    )? {
        if let id = order.clientOrderID, clientOrderIDs.contains(id) {
            return (.text("client order id already seen"), .text("unique client order ids"))
        }
        let candidate = RecentOrder(
            side: order.side,
            quantity: order.quantity.units,
            price: facts.price.units,
            time: facts.now.nanoseconds
        )
        guard let age = positions[Int(facts.position)].duplicateAge(of: candidate, window: window.nanoseconds) else {
            return nil
        }
        return (.duration(TimeSpan(nanoseconds: age)), .duration(window))
    }
}

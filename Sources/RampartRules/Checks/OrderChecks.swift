extension RiskState {
    /// `price_collar`: a limit price must be within ±percent of the reference price (no reference: fail closed).
    @inline(__always) func priceCollarViolates(
        _ order: borrowing Order,
        _ facts: borrowing OrderFacts,
        _ percent: Percent
    ) -> Bool {
        guard order.type == .limit, let price = order.price else { return false }
        guard let reference = order.referencePrice else { return true }
        guard let deviation = try? price.subtracting(reference).magnitude else { return true }
        // deviation > percent/100 × reference, compared exactly: deviation × 100 × 10^8 > percent × reference.
        guard let order = FixedDecimal.compareProducts(deviation, Self.hundredScaled, percent.value, reference) else {
            return true
        }
        return order > 0
    }

    func priceCollarMeasures(_ order: Order, _ percent: Percent) -> (actual: Measure, limit: Measure) {
        guard let reference = order.referencePrice, let price = order.price else {
            return (.text("unknown, no reference_price"), .percent(percent.value))
        }
        guard let deviation = try? price.subtracting(reference).magnitude,
            let share = try? deviation.multiplied(by: FixedDecimal(100), dividedBy: reference)
        else { return (.text("out of range"), .percent(percent.value)) }
        return (.percent(share), .percent(percent.value))
    }

    /// `duplicate_order`: a client order id seen before, or the same order inside the window.
    @inline(__always) func duplicateViolates(
        _ order: borrowing Order,
        _ facts: borrowing OrderFacts,
        _ window: TimeSpan
    ) -> Bool {
        if let id = order.clientOrderID, clientOrderIDs.contains(id) { return true }
        return recentOrders[Int(facts.position)].duplicateAge(of: recent(order, facts), window: window.nanoseconds)
            != nil
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

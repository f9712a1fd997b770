import RampartExecution
import RampartRules

/// Paper limit orders waiting for the market (DESIGN §7): each holds its reservation until a fresh quote crosses
/// its limit (filled at the limit), an operator or its bot cancels it, or `paper.resting_ttl` runs out.
///
/// Orders are keyed by client order id (the order's own, or the one `ClientOrderID.of` derives), so
/// `DELETE /v1/orders/{client_order_id}` finds them. An order leaves the book before it is settled, so a cancel
/// and a fill can never both settle it.
actor RestingBook {
    private var orders: [String: RestingOrder] = [:]

    /// A book holding `orders` (rebuilt from the journal at start).
    init(holding orders: [RestingOrder]) {
        for order in orders { self.orders[ClientOrderID.of(order.permit)] = order }
    }

    /// Adds an order that just started resting.
    func add(_ order: RestingOrder) { orders[ClientOrderID.of(order.permit)] = order }

    /// Every resting order, oldest first.
    func list() -> [RestingOrder] { orders.values.sorted { $0.since < $1.since } }

    /// Takes the order out of the book (to cancel it); nil when no such order rests.
    func take(_ clientOrderID: String) -> RestingOrder? { orders.removeValue(forKey: clientOrderID) }

    /// Takes out every order that has expired at `now`.
    func takeExpired(at now: Timestamp) -> [RestingOrder] {
        let expired = orders.filter { $0.value.expiresAt <= now }
        for key in expired.keys { orders[key] = nil }
        return Array(expired.values)
    }

    /// Takes out every order that a fresh quote crosses now, with its fill; `quote` gives the usable quote of a
    /// symbol (nil when none is fresh), `fill` the executor's fill for a permit at a quote.
    func takeCrossed(
        symbols: Set<String>?,
        quote: (String) -> Quote?,
        fill: (Permit, Quote) -> Fill?
    ) -> [(order: RestingOrder, fill: Fill)] {
        var crossed: [(order: RestingOrder, fill: Fill)] = []
        for (key, order) in orders {
            let symbol = order.permit.order.symbol
            if let symbols, !symbols.contains(symbol) { continue }
            // Only a quote newer than the order can fill it: the one it rested against did not cross.
            guard let current = quote(symbol), current.time > order.since,
                let filled = fill(order.permit, current)
            else { continue }
            orders[key] = nil
            crossed.append((order, filled))
        }
        return crossed
    }

    /// How many orders rest.
    var count: Int { orders.count }
}

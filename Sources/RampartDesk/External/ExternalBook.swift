import RampartRules

/// The reservations of bot-executed orders, by client order id.
///
/// A fill report first claims the order here (`claim`), one fill at a time, so two reports of one fill can never
/// both be booked and each sees what the one before it left reserved; the gate checks the rest again.
actor ExternalBook {
    private var orders: [String: ExternalOrder] = [:]
    private var claimed: [String: Set<String>] = [:]

    /// A book holding `orders` (rebuilt from the journal at start).
    init(holding orders: [ExternalOrder]) {
        for order in orders { self.orders[order.clientOrderID] = order }
    }

    /// Adds an order just reserved.
    func add(_ order: ExternalOrder) { orders[order.clientOrderID] = order }

    /// The order held under `clientOrderID`, if any.
    func order(_ clientOrderID: String) -> ExternalOrder? { orders[clientOrderID] }

    /// What a fill report may do with its fill id.
    enum Claim: Sendable {
        /// Book it: the order as held now.
        case book(ExternalOrder)
        /// The fill id was booked before: answer from the journal.
        case repeated
        /// The same fill id is being booked by another request.
        case inFlight
        /// No such order is held.
        case notHeld
    }

    /// Claims `fillID` of `clientOrderID` for booking.
    func claim(_ clientOrderID: String, fillID: String) -> Claim {
        guard let order = orders[clientOrderID] else { return .notHeld }
        if order.fillIDs.contains(fillID) { return .repeated }
        // One fill per order at a time: its booking follows its write, so a second one could not see the first.
        if claimed[clientOrderID] != nil { return .inFlight }
        claimed[clientOrderID, default: []].insert(fillID)
        return .book(order)
    }

    /// Ends a claim: `booked` records the fill (what the gate still reserves is `remaining`: zero settles the
    /// order); nil gives the fill id back (nothing was booked).
    func finish(_ clientOrderID: String, fillID: String, booked: (quantity: FixedDecimal, remaining: FixedDecimal)?) {
        claimed[clientOrderID]?.remove(fillID)
        if claimed[clientOrderID]?.isEmpty == true { claimed[clientOrderID] = nil }
        guard let booked, var order = orders[clientOrderID] else { return }
        order.fillIDs.insert(fillID)
        order.filled = FixedDecimal(units: order.permit.order.quantity.units - booked.remaining.units)
        orders[clientOrderID] = booked.remaining.isPositive ? order : nil
    }

    /// Takes the order out to release it; nil when none is held or a fill of it is being booked now.
    func take(_ clientOrderID: String) -> ExternalOrder? {
        guard claimed[clientOrderID] == nil else { return nil }
        return orders.removeValue(forKey: clientOrderID)
    }

    /// Whether a fill of the order is being booked now.
    func isBusy(_ clientOrderID: String) -> Bool { claimed[clientOrderID] != nil }

    /// Takes out every order whose reservation expired at `now` (none with a fill being booked).
    func takeExpired(at now: Timestamp) -> [ExternalOrder] {
        let expired = orders.values.filter { $0.expiresAt <= now && claimed[$0.clientOrderID] == nil }
        for order in expired { orders[order.clientOrderID] = nil }
        return expired
    }

    /// Every held order, oldest decision first.
    func list() -> [ExternalOrder] { orders.values.sorted { $0.permit.time < $1.permit.time } }
}

import Logging
public import RampartExecution
public import RampartRules
import RampartStore

/// What became of a cancel request (`DELETE /v1/orders/{client_order_id}`).
public enum CancelOutcome: Sendable {
    /// The resting order is cancelled and its reservation released (journaled).
    case cancelled(RestingOrder)
    /// No order with that client order id rests: it filled, expired, was cancelled, or never rested.
    case notResting
    /// The order rests but the caller may not act for its bot or account; nothing changed.
    case outOfScope
    /// Released in memory, but the release could not be journaled.
    case notPersisted(String)
}

extension OrderDesk {
    /// Fills the resting paper orders a fresh quote now crosses (in `symbols`, or all) and releases the ones whose
    /// `paper.resting_ttl` ran out; returns how many filled and how many expired.
    @discardableResult
    public func sweepRestingOrders(symbols: Set<String>? = nil) async -> (filled: Int, expired: Int) {
        let now = clock()
        let router = currentRouter
        let expired = await resting.takeExpired(at: now)
        for order in expired {
            await release(order, reason: "expired")
        }
        guard let paper = router.paperExecutor else { return (0, expired.count) }
        let gate = self.gate
        let maxAge = gate.profile.quoteMaxAge.nanoseconds
        let crossed = await resting.takeCrossed(
            symbols: symbols,
            quote: { symbol in
                guard let quote = gate.quote(for: symbol), quote.age(at: now) <= maxAge else { return nil }
                return quote
            },
            fill: { permit, quote in paper.fillResting(permit, at: quote) }
        )
        var filled = 0
        for (order, fill) in crossed {
            switch await router.fillResting(order.permit, with: fill) {
            case .filled: filled += 1
            case .rejected(let reason):
                logger.error(
                    "resting paper order could not be filled; released",
                    metadata: ["clientOrderID": "\(ClientOrderID.of(order.permit))", "reason": "\(reason)"]
                )
            case .pending, .resting:
                break  // the paper path never answers these for a fill
            }
        }
        return (filled, expired.count)
    }

    /// Cancels a resting paper order by client order id, if `permitted` says the caller may act for its order.
    public func cancel(clientOrderID: String, permitted: (Order) -> Bool) async -> CancelOutcome {
        guard let order = await resting.take(clientOrderID) else { return .notResting }
        guard permitted(order.permit.order) else {
            await resting.add(order)
            return .outOfScope
        }
        switch await gate.settle(order.permit, releasing: "cancelled") {
        case .success: return .cancelled(order)
        case .failure(.refused(let error)): return .notPersisted("the gate refused the release: \(error)")
        case .failure(let error): return .notPersisted("\(error)")
        }
    }

    /// Every resting paper order, oldest first.
    public func restingOrders() async -> [RestingOrder] { await resting.list() }

    private func release(_ order: RestingOrder, reason: String) async {
        if case .failure(let error) = await gate.settle(order.permit, releasing: reason) {
            logger.error(
                "resting paper order not released cleanly",
                metadata: ["clientOrderID": "\(ClientOrderID.of(order.permit))", "error": "\(error)"]
            )
        }
    }
}

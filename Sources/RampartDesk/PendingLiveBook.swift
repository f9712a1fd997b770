import Logging
import RampartExecution
import RampartRules
import RampartStore

/// Live orders whose outcome the venue has not confirmed, with their reservations held, retried until settled.
///
/// An order lands here when the router reports it unresolved (a timeout, a dropped connection or a 5xx, and the
/// status queries that followed failed too), and at start for every live order the journal shows in flight when
/// the service last stopped. `reconcileAll` asks the venue about each by client order id: a fill is booked, a
/// confirmed absence or a fill-less end releases the reservation, anything else keeps it held for the next pass.
actor PendingLiveBook {
    private let router: OrderRouter
    private let audit: AuditLog
    private let logger: Logger
    private var pending: [String: UnresolvedOrder] = [:]
    /// Orders being reconciled right now (taken out of `pending` for the duration).
    private var inFlight: [String: UnresolvedOrder] = [:]

    /// A book holding `orders` (the live orders in flight when the service last stopped).
    init(router: OrderRouter, audit: AuditLog, logger: Logger, holding orders: [UnresolvedOrder] = []) {
        self.router = router
        self.audit = audit
        self.logger = logger
        for order in orders { pending[order.clientOrderID] = order }
    }

    /// Holds an unresolved order for the next pass.
    func hold(_ order: UnresolvedOrder) {
        pending[order.clientOrderID] = order
    }

    /// Every held order, oldest decision first.
    func list() -> [UnresolvedOrder] {
        (Array(pending.values) + Array(inFlight.values))
            .sorted { $0.permit.time < $1.permit.time }
    }

    /// Whether any order is held.
    var isEmpty: Bool { pending.isEmpty }

    /// Asks the venue about every held order once; returns how many are still unresolved.
    @discardableResult
    func reconcileAll() async -> Int {
        let batch = pending
        pending.removeAll()
        inFlight.merge(batch) { _, new in new }
        for (id, order) in batch {
            let outcome = await router.reconcile(order)
            inFlight[id] = nil
            switch outcome {
            case .pending(let still):
                pending[id] = still
            case .filled(let routed):
                settled(order, "filled \(routed.fill.quantity) at \(routed.fill.price)")
            case .rejected(let reason):
                settled(order, "released: \(reason)")
            case .resting:
                pending[id] = order  // only paper orders rest; keep a live one held rather than lose it
            }
        }
        return pending.count
    }

    private func settled(_ order: UnresolvedOrder, _ how: String) {
        logger.notice(
            "pending live order reconciled",
            metadata: ["clientOrderID": "\(order.clientOrderID)", "outcome": "\(how)"]
        )
        do {
            _ = try audit.append(
                actor: "service",
                action: "reconcile",
                details: "client_order_id=\(order.clientOrderID) \(how)"
            )
        } catch {
            logger.error(
                "reconciliation not audited",
                metadata: ["clientOrderID": "\(order.clientOrderID)", "error": "\(error)"]
            )
        }
    }
}

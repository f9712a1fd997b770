import Logging
import ServiceLifecycle
import Synchronization

/// Runs the resting-order sweep every interval: fills paper limit orders a fresh quote crosses and expires those
/// past `paper.resting_ttl`. The market data feed also sweeps the symbols it just updated, so a crossing quote
/// fills at once; this pass catches expiries and quotes that arrived between polls.
final class RestingSweep: Service, Sendable {
    private let interval: Duration
    private let desk = Mutex<OrderDesk?>(nil)

    init(interval: Duration) { self.interval = interval }

    /// The desk to sweep; set once the desk exists (it owns this service).
    func attach(_ desk: OrderDesk) { self.desk.withLock { $0 = desk } }

    /// Sweeps `symbols` (or every symbol) now.
    func sweep(_ symbols: Set<String>?) async {
        guard let desk = desk.withLock({ $0 }) else { return }
        await desk.sweepRestingOrders(symbols: symbols)
        if symbols == nil { await desk.expireExternalOrders() }
    }

    func run() async throws {
        let sweep = self
        await runEvery(interval) { await sweep.sweep(nil) }
    }
}

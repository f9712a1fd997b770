import Logging
import ServiceLifecycle

/// Settles pending live orders from the venue's truth: one pass at start, then one every `interval`, until the
/// service shuts down gracefully.
struct Reconciler: Service {
    let book: PendingLiveBook
    let interval: Duration
    /// False when no venue is configured: held orders cannot be asked about, only listed.
    let venueConfigured: Bool
    let logger: Logger

    func run() async throws {
        let book = self.book
        let interval = self.interval
        let venueConfigured = self.venueConfigured
        let logger = self.logger
        if venueConfigured {
            // The first pass at start is cancelled by a shutdown like the later ones.
            let remaining = await cancelWhenGracefulShutdown { await book.reconcileAll() }
            if remaining > 0 {
                logger.warning("pending live orders remain after the first reconciliation pass; see GET /v1/state")
            }
        }
        await runEvery(interval) { if await !book.isEmpty { await book.reconcileAll() } }
    }
}

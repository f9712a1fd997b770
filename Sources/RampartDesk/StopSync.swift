import Logging
import ServiceLifecycle
import Synchronization

/// Applies halts that `rampart stop` writes into the database while the service runs, within one interval (the
/// same way `PromotionSync` follows CLI promotions). A read failure is logged and retried next interval.
final class StopSync: Service, Sendable {
    private let interval: Duration
    private let logger: Logger
    private let desk = Mutex<OrderDesk?>(nil)

    init(interval: Duration, logger: Logger) {
        self.interval = interval
        self.logger = logger
    }

    /// The desk to apply to; set once the desk exists (it owns this service).
    func attach(_ desk: OrderDesk) { self.desk.withLock { $0 = desk } }

    func run() async throws {
        let sync = self
        await runEvery(interval) {
            guard let desk = sync.desk.withLock({ $0 }) else { return }
            do {
                try await desk.applyStopRequests(logger: sync.logger)
            } catch {
                sync.logger.error("cannot read stop requests; retrying", metadata: ["error": "\(error)"])
            }
        }
    }
}

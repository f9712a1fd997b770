public import Logging
public import ServiceLifecycle
import UnixSignals

/// Reloads the profile on every SIGHUP until graceful shutdown.
public struct HangupReloader: Service {
    private let reloader: ProfileReloader
    private let logger: Logger

    /// Creates the service.
    public init(reloader: ProfileReloader, logger: Logger) {
        self.reloader = reloader
        self.logger = logger
    }

    /// Waits for SIGHUP and reloads.
    public func run() async throws {
        for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
            _ = await reloader.reload(trigger: "SIGHUP")
        }
    }
}

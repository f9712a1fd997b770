public import Logging
public import RampartDesk

/// Everything the HTTP layer talks to: the order desk, the reloader, the metrics, plus settings.
public struct ServerDependencies: Sendable {
    /// Orders, checks, trading states, tokens, promotions, the journal.
    public var desk: OrderDesk
    /// Profile reloads.
    public var reloader: ProfileReloader
    /// Prometheus metrics.
    public var metrics: ServiceMetrics
    /// Serve `/metrics` without a token.
    public var metricsPublic: Bool
    /// Where request logs go.
    public var logger: Logger

    /// Bundles the dependencies.
    public init(
        desk: OrderDesk,
        reloader: ProfileReloader,
        metrics: ServiceMetrics,
        metricsPublic: Bool = false,
        logger: Logger
    ) {
        self.desk = desk
        self.reloader = reloader
        self.metrics = metrics
        self.metricsPublic = metricsPublic
        self.logger = logger
    }
}

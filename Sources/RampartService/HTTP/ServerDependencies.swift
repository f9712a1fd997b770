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
    /// Serve `GET /openapi.json`; false in production mode, where the route is not served at all (404).
    public var servesAPIDescription: Bool
    /// Where request logs go.
    public var logger: Logger
    /// Failed authentications per client address, requests per token (`serve --auth-failure-rate`, `--token-rate`).
    public var throttle: AccessThrottle
    /// Open backtest sessions (`serve --max-sessions`, `--session-ttl`).
    public var sessions: SessionRegistry

    /// Bundles the dependencies.
    public init(
        desk: OrderDesk,
        reloader: ProfileReloader,
        metrics: ServiceMetrics,
        metricsPublic: Bool = false,
        servesAPIDescription: Bool = true,
        logger: Logger,
        throttling: ThrottleConfiguration = .standard,
        maxSessions: Int = 16,
        sessionTTL: Duration = .seconds(3600)
    ) {
        self.sessions = SessionRegistry(limit: maxSessions, idleTTL: sessionTTL) { name in
            try reloader.compileAside(name)
        }
        self.desk = desk
        self.reloader = reloader
        self.metrics = metrics
        self.metricsPublic = metricsPublic
        self.servesAPIDescription = servesAPIDescription
        self.logger = logger
        self.throttle = AccessThrottle(throttling)
    }
}

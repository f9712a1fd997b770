public import Logging

/// Everything the HTTP layer talks to: the desk and the other seams, plus settings.
public struct ServerDependencies: Sendable {
    /// Orders, checks, trading states.
    public var desk: any OrderDesk
    /// Bearer tokens.
    public var authority: any TokenAuthority
    /// Readiness and flushing.
    public var journal: any Journal
    /// Profile reloads.
    public var reloader: ProfileReloader
    /// Prometheus metrics.
    public var metrics: ServiceMetrics
    /// Promotion requests; nil answers 503 on the promotion routes.
    public var promotions: (any PromotionDesk)?
    /// Serve `/metrics` without a token.
    public var metricsPublic: Bool
    /// Where request logs go.
    public var logger: Logger

    /// Bundles the dependencies.
    public init(
        desk: any OrderDesk,
        authority: any TokenAuthority,
        journal: any Journal,
        reloader: ProfileReloader,
        metrics: ServiceMetrics,
        promotions: (any PromotionDesk)? = nil,
        metricsPublic: Bool = false,
        logger: Logger
    ) {
        self.desk = desk
        self.authority = authority
        self.journal = journal
        self.reloader = reloader
        self.metrics = metrics
        self.promotions = promotions
        self.metricsPublic = metricsPublic
        self.logger = logger
    }
}

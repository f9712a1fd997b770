public import Logging
public import RampartConfig
public import RampartDesk
import RampartRules
import RampartStore

extension RampartServer {
    /// Opens the desk over `configuration` and builds the server around it: the reloader recompiles
    /// `profileNameOrPath` with `loader`, tokens and promotions come from the desk's database. Production mode passes
    /// `servesAPIDescription: false`. `throttling` limits failed authentications per address and requests per token.
    public static func open(
        _ configuration: DeskConfiguration,
        loader: ProfileLoader,
        profileNameOrPath: String,
        metricsPublic: Bool,
        servesAPIDescription: Bool = true,
        logger: Logger,
        throttling: ThrottleConfiguration = .standard,
        maxSessions: Int = 16,
        sessionTTL: Duration = .seconds(3600)
    ) async throws(DeskOpenError) -> RampartServer {
        let desk = try await OrderDesk.open(configuration, logger: logger)
        logger.notice("journal: \(desk.journalSummary)")
        if case .on(let code) = Store.sqliteMemoryStatistics {
            logger.warning(
                "SQLite kept its memory statistics (sqlite3_config answered \(code)): each allocation takes a lock"
            )
        }
        if (try? TokenStore(database: desk.store.database, audit: desk.audit).list().isEmpty) ?? true {
            logger.warning(
                "no tokens yet: create one with `rampart token create --db \(desk.store.path) --role admin --name NAME`"
            )
        }
        let metrics = ServiceMetrics()
        let reloader = ProfileReloader(
            loader: loader,
            nameOrPath: profileNameOrPath,
            desk: desk,
            metrics: metrics,
            loadedAt: Timestamp.now(),
            logger: logger
        )
        let profile = configuration.profile
        logger.notice("starting", metadata: ["profile": "\(profile.name)", "profile_hash": "\(profile.hash)"])
        return RampartServer(
            ServerDependencies(
                desk: desk,
                reloader: reloader,
                metrics: metrics,
                metricsPublic: metricsPublic,
                servesAPIDescription: servesAPIDescription,
                logger: logger,
                throttling: throttling,
                maxSessions: maxSessions,
                sessionTTL: sessionTTL
            )
        )
    }
}

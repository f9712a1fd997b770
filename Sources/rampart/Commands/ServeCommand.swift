import ArgumentParser
import AsyncHTTPClient
import Foundation
import Logging
import RampartConfig
import RampartExecution
import RampartRules
import RampartService
import RampartStore

/// `rampart serve`: the HTTP API over the gate (see docs/api.md).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the /v1 HTTP API: orders through the gate, emergency stop, reload, state, metrics.",
        discussion: """
            State lives in --db (SQLite, WAL): every decision is journaled before it is answered, and state is \
            rebuilt from it at start. Tokens come from the same database (`rampart token create`). Needs the \
            master key (RAMPART_MASTER_KEY_FILE or RAMPART_MASTER_KEY) for the audit log. SIGHUP reloads the \
            profile; so does a change under --rules-dir or --profiles-dir (polled every --watch-interval seconds). \
            SIGTERM or SIGINT drain in-flight requests and flush the journal. Live orders go to --venue-url with             the stored credentials; an order whose outcome is unknown stays reserved and is reconciled by client             order id (also at start, for orders in flight at the last stop). Promotions confirmed with `rampart \
            promote` on the same database take effect within a second.
            """
    )

    @OptionGroup var directories: DirectoryOptions
    @OptionGroup var venue: LiveVenueOptions

    @Option(help: "Profile name (from --profiles-dir) or path.")
    var profile = "profiles/paper.yaml"

    @Option(help: "The SQLite database: journal, tokens, promotions, audit log.")
    var db = "var/rampart.sqlite"

    @Option(help: "HOST:PORT or unix:PATH.")
    var listen = "127.0.0.1:8080"

    @Flag(name: .customLong("metrics-public"), help: "Serve /metrics without a token.")
    var metricsPublic = false

    @Option(name: .customLong("log-format"), help: "text or json (one JSON object per line on stdout).")
    var logFormat = "text"

    @Option(name: .customLong("watch-interval"), help: "Seconds between polls of the rule directories; 0 disables.")
    var watchInterval = 1

    func run() async throws {
        let address: ListenAddress
        do {
            address = try ListenAddress(parsing: listen)
        } catch {
            throw ValidationError(error.description)
        }
        switch logFormat {
        case "json": LoggingSystem.bootstrap(JSONLogHandler.init)
        case "text": LoggingSystem.bootstrap(StreamLogHandler.standardOutput)
        default: throw ValidationError("--log-format must be text or json")
        }
        let logger = Logger(label: "rampart.serve")
        let compiled = try directories.compile(profile)
        let store: Store
        do {
            store = try Store(path: db)
        } catch {
            throw ValidationError("--db \(db): cannot open the database: \(error)")
        }
        let audit = try AdminContext.auditLog(store)
        let gate: DurableGate
        do {
            gate = try DurableGate.open(store: store, profile: compiled, clock: SystemClock.now, logger: logger)
        } catch {
            throw ValidationError("--db \(db): cannot rebuild state from the journal: \(error)")
        }
        let journal = DurableJournal(gate: gate, path: db)
        logger.notice("journal: \(journal.summary)")
        let live = try venue.makeExecutor(store: store, audit: audit, gate: gate)
        let router = OrderRouter(
            settlement: DurableSettlement(gate: gate),
            paper: compiled.spec.paper.map(PaperExecutor.init(settings:)),
            live: live?.0,
            logger: logger
        )
        let pending = PendingLiveBook(router: router, audit: audit, logger: logger)
        for permit in gate.recoveredLiveOrders {
            await pending.hold(
                UnresolvedOrder(
                    permit: permit,
                    clientOrderID: ClientOrderID.of(permit),
                    reason: "in flight when the service last stopped",
                    sentAt: .now
                )
            )
        }
        if live == nil && !gate.recoveredLiveOrders.isEmpty {
            logger.error(
                "live orders are pending from the last run but no --venue-url is given; their reservations stay held"
            )
        }
        let desk = DurableDesk(gate: gate, router: router, pending: pending, audit: audit)
        let metrics = ServiceMetrics()
        let reloader = ProfileReloader(
            loader: directories.loader,
            nameOrPath: profile,
            desk: desk,
            metrics: metrics,
            loadedAt: SystemClock.now(),
            logger: logger
        )
        let tokens = TokenStore(database: store.database, audit: audit)
        if (try? tokens.list().isEmpty) ?? true {
            logger.warning("no tokens yet: create one with `rampart token create --db \(db) --role admin --name NAME`")
        }
        let promotionTable = Promotions(database: store.database, audit: audit, clock: SystemClock.now)
        let promotions = StorePromotionDesk(promotions: promotionTable, gate: gate, clock: SystemClock.now)
        let promotionSync = Task {
            await PromotionSync(promotions: promotionTable, gate: gate, logger: logger).run(every: .seconds(1))
        }
        let dependencies = ServerDependencies(
            desk: desk,
            authority: StoreTokenAuthority(tokens: tokens),
            journal: journal,
            reloader: reloader,
            metrics: metrics,
            promotions: promotions,
            metricsPublic: metricsPublic,
            logger: logger
        )
        logger.notice(
            "starting",
            metadata: ["profile": "\(compiled.name)", "profile_hash": "\(compiled.hash)", "listen": "\(address)"]
        )
        let reconciler = Task {
            if live != nil, await pending.reconcileAll() > 0 {
                logger.warning("pending live orders remain after the first reconciliation pass; see GET /v1/state")
            }
            await pending.run(every: .seconds(venue.reconcileInterval))
        }
        do {
            try await RampartServer(dependencies).run(
                listen: address,
                handleSignals: true,
                watchInterval: watchInterval > 0 ? .seconds(watchInterval) : nil
            )
        } catch {
            reconciler.cancel()
            promotionSync.cancel()
            try? await live?.1.shutdown()
            throw error
        }
        reconciler.cancel()
        promotionSync.cancel()
        _ = await reconciler.result
        try? await live?.1.shutdown()
        logger.notice("stopped")
    }
}

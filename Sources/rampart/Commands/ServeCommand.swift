import ArgumentParser
import Logging
import NIOCore
import RampartDesk
import RampartService

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
            SIGTERM or SIGINT drain in-flight requests and flush the journal. Live orders go to --venue-url with \
            the stored credentials; an order whose outcome is unknown stays reserved and is reconciled by client \
            order id (also at start, for orders in flight at the last stop). Promotions confirmed with `rampart \
            promote` on the same database take effect within a second. Quotes and symbol filters come from \
            --market-data (default --venue-url): buys are judged at the ask, sells at the bid, and paper orders \
            fill from the market; without it, paper orders are priced by the caller and live orders are denied.
            """
    )

    @OptionGroup var directories: DirectoryOptions
    @OptionGroup var venue: LiveVenueOptions
    @OptionGroup var marketData: MarketDataOptions
    @OptionGroup var throttle: ThrottleOptions
    @OptionGroup var botExecution: BotExecutionOptions
    @OptionGroup var deployment: ProductionOptions

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

    @Option(
        name: .customLong("event-loops"),
        help: "Threads that run HTTP and the service's tasks (default: one per core)."
    )
    var eventLoops: Int?

    /// The event-loop count `serve` runs with: `--event-loops`, else one per core. Read from the raw arguments by
    /// `Rampart.main`, before anything starts NIO's threads (the option is parsed again, and checked, by `validate`).
    static func eventLoopCount(arguments: [String], cores: Int) -> Int {
        for (index, argument) in arguments.enumerated() {
            let value: Substring?
            if argument == "--event-loops" {
                value = index + 1 < arguments.count ? Substring(arguments[index + 1]) : nil
            } else if argument.hasPrefix("--event-loops=") {
                value = argument.dropFirst("--event-loops=".count)
            } else {
                continue
            }
            if let count = value.flatMap({ Int($0) }), count > 0 { return count }
        }
        return max(1, cores)
    }

    func validate() throws {
        if let eventLoops, eventLoops < 1 { throw ValidationError("--event-loops must be at least 1") }
    }

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
        logger.notice("event loops: \(NIOSingletons.groupLoopCountSuggestion)")
        let compiled = try directories.compile(profile)
        let throttling = try throttle.configuration()
        let prepared = try deployment.prepare(
            listen: address,
            db: db,
            profile: compiled,
            venue: venue,
            throttling: throttling,
            logger: logger
        )
        var configuration = DeskConfiguration(
            databasePath: db,
            profile: compiled,
            auditKey: try AdminContext.auditKey(),
            venue: try venue.configuration(),
            reconcileInterval: .seconds(venue.reconcileInterval),
            marketData: marketData.configuration(venueURL: venue.venueURL)
        )
        // One service per database: a second serve, or a restore, refuses while this one runs.
        configuration.lockDatabase = true
        configuration.externalTTL = try botExecution.externalReservationTTL()
        let server: RampartServer
        do {
            server = try await RampartServer.open(
                configuration,
                loader: directories.loader,
                profileNameOrPath: profile,
                metricsPublic: metricsPublic,
                servesAPIDescription: !prepared.production,
                logger: logger,
                throttling: throttling,
                maxSessions: botExecution.maxSessions,
                sessionTTL: try botExecution.idleSessionTTL()
            )
        } catch let error as DeskOpenError {
            throw ValidationError(error.description)
        }
        try await server.run(
            listen: address,
            tls: prepared.tls,
            handleSignals: true,
            watchInterval: watchInterval > 0 ? .seconds(watchInterval) : nil
        )
        logger.notice("stopped")
    }
}

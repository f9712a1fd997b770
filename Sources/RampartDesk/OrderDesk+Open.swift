import AsyncHTTPClient
public import Logging
import RampartCrypto
import RampartExecution
import RampartRules
import RampartStore
import RampartSystem
import ServiceLifecycle

extension OrderDesk {
    /// Opens the database, rebuilds the state from its journal, connects the live venue when one is configured,
    /// and holds every live order the journal shows in flight for reconciliation.
    ///
    /// The credentials are read from the vault once, here: missing ones stop the start rather than failing the
    /// first live order. Halts written by `rampart stop` while the service was down are applied before it returns.
    public static func open(
        _ configuration: DeskConfiguration,
        logger: Logger
    ) async throws(DeskOpenError)
        -> OrderDesk
    {
        let path = configuration.databasePath
        var lock: FileLock?
        if configuration.lockDatabase {
            do {
                lock = try FileLock.acquire(path + ".lock")
            } catch {
                throw .database(path: path, reason: "cannot lock the database: \(error)")
            }
            guard lock != nil else {
                throw .database(
                    path: path,
                    reason: "another process holds \(path).lock (a running rampart serve, or a restore in progress)"
                )
            }
        }
        let store: Store
        do {
            store = try Store(path: path)
        } catch {
            throw .database(path: path, reason: "\(error)")
        }
        let audit = AuditLog(database: store.database, key: configuration.auditKey, clock: configuration.clock)
        let gate: DurableGate
        do {
            gate = try DurableGate.open(
                store: store,
                profile: configuration.profile,
                clock: configuration.clock,
                logger: logger
            )
        } catch {
            throw .recovery(path: path, reason: "\(error)")
        }
        var services: [any Service] = []
        var live: LiveExecutor?
        if let venue = configuration.venue {
            let (executor, client) = try connect(venue, store: store, audit: audit, gate: gate)
            live = executor
            services.append(VenueClientService(client: client))
        }
        let router = OrderRouter(
            settlement: gate,
            paper: configuration.profile.spec.paper.map(PaperExecutor.init(settings:)),
            live: live,
            logger: logger
        )
        let recovered = gate.recoveredLiveOrders.map { permit in
            UnresolvedOrder(
                permit: permit,
                clientOrderID: ClientOrderID.of(permit),
                reason: "in flight when the service last stopped",
                sentAt: .now
            )
        }
        let pending = PendingLiveBook(router: router, audit: audit, logger: logger, holding: recovered)
        let resting = RestingBook(
            holding: gate.recoveredRestingOrders.map {
                RestingOrder(permit: $0.permit, since: $0.since, expiresAt: $0.expiresAt)
            }
        )
        if !gate.recoveredRestingOrders.isEmpty {
            logger.notice(
                "resting paper orders rebuilt from the journal",
                metadata: ["count": "\(gate.recoveredRestingOrders.count)"]
            )
        }
        if live == nil && !gate.recoveredLiveOrders.isEmpty {
            logger.error(
                "live orders are pending from the last run but no --venue-url is given; their reservations stay held"
            )
        }
        let external = ExternalBook(
            holding: gate.recoveredExternalOrders.map {
                ExternalOrder(permit: $0.permit, expiresAt: $0.expiresAt, filled: $0.filled, fillIDs: Set($0.fillIDs))
            }
        )
        let sweep = RestingSweep(interval: configuration.restingSweepInterval)
        services.append(sweep)
        let feed = configuration.marketData.map { options in
            PriceFeed(options: options, sink: gate, clock: configuration.clock, logger: logger) { symbols in
                // A crossing quote fills resting paper orders at once, not at the next sweep.
                await sweep.sweep(Set(symbols))
            }
        }
        if let feed { services.append(feed) }
        services.append(
            Reconciler(
                book: pending,
                interval: configuration.reconcileInterval,
                venueConfigured: live != nil,
                logger: logger
            )
        )
        let stopSync = StopSync(interval: configuration.promotionSyncInterval, logger: logger)
        services.append(stopSync)
        services.append(
            PromotionSync(
                promotions: Promotions(database: store.database, audit: audit, clock: configuration.clock),
                gate: gate,
                interval: configuration.promotionSyncInterval,
                logger: logger
            )
        )
        let desk = OrderDesk(
            gate: gate,
            store: store,
            audit: audit,
            router: router,
            pending: pending,
            resting: resting,
            external: external,
            externalTTL: configuration.externalTTL,
            rememberedClientOrderIDs: configuration.rememberedClientOrderIDs,
            marketFeed: feed,
            venue: configuration.venue,
            databaseLock: lock,
            backgroundServices: services,
            clock: configuration.clock,
            logger: logger
        )
        do {
            try await desk.applyStopRequests(logger: logger)
        } catch {
            // An unreadable stop table could hide a halt: do not serve.
            throw .database(path: path, reason: "cannot read the stop requests: \(error)")
        }
        for id in gate.expiredExternalAtOpen {
            desk.auditExpiry(id, details: "released at start: expired while the service was down")
        }
        stopSync.attach(desk)
        sweep.attach(desk)
        return desk
    }

    /// The live executor over a Binance-compatible venue, and its HTTP client.
    private static func connect(
        _ venue: VenueConfiguration,
        store: Store,
        audit: AuditLog,
        gate: DurableGate
    ) throws(DeskOpenError) -> (LiveExecutor, HTTPClient) {
        let vault = CredentialVault(database: store.database, key: venue.masterKey, audit: audit)
        let credentials: VenueCredentials
        do {
            credentials = try vault.credentials(for: venue.credentialsName)
        } catch {
            throw .credentials(name: venue.credentialsName, reason: "\(error)")
        }
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow  // a redirect must never resend an order
        // AsyncHTTPClient's span attributes crash under Swift 6.3.1 on Linux (null metadata); no tracing.
        configuration.tracing.tracer = nil
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let binance = BinanceSpotVenue(
            baseURL: venue.baseURL,
            credentials: credentials,
            httpClient: client,
            recvWindow: venue.recvWindow,
            timeout: venue.timeout,
            listedName: { symbol in gate.venueRules(for: symbol)?.venueSymbol }
        )
        let executor = LiveExecutor(
            venue: binance,
            liveTradingEnabled: { order in
                gate.profile.parameter(.liveTrading, bot: order.bot, symbol: order.symbol)?.value == .bool(true)
            },
            isPromoted: { bot in gate.isPromoted(bot: bot) }
        )
        return (executor, client)
    }
}

public import AsyncHTTPClient
public import Logging
public import RampartRules
public import ServiceLifecycle
import Synchronization

/// The gate's own market data: polls a Binance-compatible public REST API (no keys) for the best bid and ask of
/// every symbol in use and hands them, with the venue's symbol filters, to a `MarketDataSink`.
///
/// `GET /api/v3/exchangeInfo` gives the `BASE/QUOTE` ↔ venue symbol mapping and the filters, at the start and every
/// `exchangeInfoInterval`; `GET /api/v3/ticker/bookTicker?symbols=[…]` gives the quotes, every `pollInterval`.
/// Quotes are only polled once a mapping is loaded. A failure never blocks anything: the held quotes just age (the
/// gate's `stale_price` check fails closed on them) and the next poll waits longer, doubling up to `maxBackoff`.
/// Every bad answer or entry is logged and counted in `status`; a bad entry is never stored.
public final class PriceFeed: Service, Sendable {
    /// Where and how often the feed polls.
    public let options: PriceFeedOptions
    let sink: any MarketDataSink
    let clock: @Sendable () -> Timestamp
    let logger: Logger
    let onQuotes: @Sendable ([String]) async -> Void
    let httpClient: HTTPClient
    private let ownsClient: Bool
    let state = Mutex(FeedState())

    /// Most symbols asked for in one `bookTicker` request (Binance charges the same weight for 21 to 100).
    static let symbolsPerRequest = 100
    /// Largest `exchangeInfo` body read: Binance's full list is tens of megabytes.
    static let maximumExchangeInfoBytes = 128 << 20
    /// Largest `bookTicker` body read.
    static let maximumBookTickerBytes = 8 << 20

    /// A feed delivering to `sink`; `onQuotes` hears, after each poll, the `BASE/QUOTE` symbols whose quote was
    /// just stored. Without `httpClient` the feed makes its own and shuts it down when it stops.
    public init(
        options: PriceFeedOptions,
        sink: any MarketDataSink,
        clock: @escaping @Sendable () -> Timestamp,
        logger: Logger,
        httpClient: HTTPClient? = nil,
        onQuotes: @escaping @Sendable ([String]) async -> Void = { _ in }
    ) {
        self.options = options
        self.sink = sink
        self.clock = clock
        self.logger = logger
        self.onQuotes = onQuotes
        if let httpClient {
            self.httpClient = httpClient
            ownsClient = false
        } else {
            var configuration = HTTPClient.Configuration()
            configuration.redirectConfiguration = .disallow  // prices come from the configured venue only
            // A refused connection fails the poll at once (counted `unreachable`); the feed backs off itself.
            configuration.connectionPool.retryConnectionEstablishment = false
            // AsyncHTTPClient's span attributes crash under Swift 6.3.1 on Linux (null metadata); no tracing.
            configuration.tracing.tracer = nil
            self.httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            ownsClient = true
        }
    }

    /// The feed's health now: error counts by kind, last success, failures in a row, symbols mapped.
    public var status: PriceFeedStatus { state.withLock { $0.status } }

    /// Polls until the service group shuts down gracefully, then shuts down the HTTP client if the feed made it.
    public func run() async throws {
        logger.info("market data feed polling \(options.baseURL) every \(options.pollInterval)")
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.poll()
                let failures = self.state.withLock { $0.status.consecutiveFailures }
                try await Task.sleep(for: self.options.delay(afterFailures: failures))
            }
        }
        await shutdown()
    }

    /// One round without timing: loads the exchange info when it is missing or due, then polls the quotes once.
    public func pollOnce() async { await poll() }

    /// Shuts down the HTTP client if the feed made it (once; `run()` does it when it stops).
    public func shutdown() async {
        guard ownsClient else { return }
        let first = state.withLock { state in
            defer { state.clientShutDown = true }
            return !state.clientShutDown
        }
        guard first else { return }
        do { try await httpClient.shutdown() } catch { logger.warning("market data HTTP client shutdown: \(error)") }
    }

    /// One round; whether every request in it got a usable answer.
    @discardableResult
    func poll() async -> Bool {
        let now = ContinuousClock.now
        let (held, due) = state.withLock { state in
            (state.catalog, state.catalog == nil || state.catalogReloadRequested || now >= state.nextCatalogLoad)
        }
        var catalog = held
        if due, let loaded = await loadCatalog() { catalog = loaded }
        guard let catalog else {
            // No mapping, so no quotes can be asked for: the round failed and the next one backs off.
            state.withLock { $0.status.consecutiveFailures += 1 }
            return false
        }
        let healthy = await pollQuotes(catalog)
        state.withLock { state in
            if healthy {
                state.status.consecutiveFailures = 0
                state.status.lastSuccess = clock()
            } else {
                state.status.consecutiveFailures += 1
            }
        }
        return healthy
    }

    /// Loads the venue's symbols and filters and delivers the filters to the sink; nil when the request or answer
    /// failed (a retry is scheduled with back-off, and a catalog already held stays in use).
    private func loadCatalog() async -> MarketCatalog? {
        let answer = await get(
            "/api/v3/exchangeInfo",
            timeout: options.exchangeInfoTimeout,
            maximumBytes: Self.maximumExchangeInfoBytes
        )
        let loaded: (MarketCatalog, [EntryProblem])
        do {
            loaded = try BinanceMarketData.catalog(try answer.get())
        } catch {
            record(error)
            state.withLock { state in
                state.catalogFailures += 1
                state.nextCatalogLoad = .now + options.delay(afterFailures: state.catalogFailures)
            }
            return nil
        }
        let (catalog, problems) = loaded
        for problem in problems.prefix(20) { logger.error("market data: \(problem.message)") }
        if problems.count > 20 { logger.error("market data: \(problems.count - 20) more exchangeInfo entries skipped") }
        sink.updateVenueRules(catalog.ruleBook)
        state.withLock { state in
            for problem in problems { state.status.record(problem.kind, problem.message) }
            state.catalog = catalog
            state.catalogFailures = 0
            state.catalogReloadRequested = false
            state.nextCatalogLoad = .now + options.exchangeInfoInterval
            state.status.mappedSymbols = catalog.listings.count
            state.status.lastSuccess = clock()
            // A symbol the venue lists again is reported again should it disappear later.
            state.reportedUnknown = state.reportedUnknown.filter { catalog.listings[$0] == nil }
        }
        logger.info("market data: exchangeInfo maps \(catalog.listings.count) symbols")
        return catalog
    }

    /// Polls the quotes of the symbols in use and stores the sound ones; whether every request got an answer.
    private func pollQuotes(_ catalog: MarketCatalog) async -> Bool {
        var wanted: [String] = []
        var seen: Set<String> = []
        for symbol in sink.symbolsInUse() + options.symbols where seen.insert(symbol).inserted { wanted.append(symbol) }
        var venueSymbols: [String] = []
        var unknown: [String] = []
        var halted: [String] = []
        for symbol in wanted {
            guard let listing = catalog.listings[symbol] else {
                unknown.append(symbol)
                continue
            }
            guard listing.trading else {
                halted.append(symbol)
                continue
            }
            venueSymbols.append(listing.venueSymbol)
        }
        reportUnlisted(unknown, halted: halted)
        var healthy = true
        var stored: [String] = []
        var start = 0
        while start < venueSymbols.count {
            let batch = Array(venueSymbols[start..<min(start + Self.symbolsPerRequest, venueSymbols.count)])
            start += batch.count
            switch await pollBatch(batch, catalog: catalog) {
            case .success(let symbols): stored += symbols
            case .failure(let failure):
                record(failure)
                healthy = false
            }
        }
        if !stored.isEmpty { await onQuotes(stored) }
        return healthy
    }

    /// One `bookTicker` request for `batch` (venue symbols): the `BASE/QUOTE` symbols whose quote was stored.
    private func pollBatch(_ batch: [String], catalog: MarketCatalog) async -> Result<[String], MarketDataFailure> {
        let path = "/api/v3/ticker/bookTicker?" + BinanceMarketData.bookTickerQuery(batch)
        let answer = await get(path, timeout: options.timeout, maximumBytes: Self.maximumBookTickerBytes)
        let time = clock()
        let parsed: ([BookTop], [EntryProblem])
        do {
            parsed = try BinanceMarketData.bookTops(try answer.get(), asked: Set(batch))
        } catch {
            if error.code == BinanceMarketData.invalidSymbolCode {
                // `Invalid symbol`: a symbol asked for has left the venue since the last exchangeInfo; reload it.
                state.withLock { $0.catalogReloadRequested = true }
            }
            return .failure(error)
        }
        let (tops, problems) = parsed
        let updates = tops.compactMap { top in
            catalog.symbolsByVenueName[top.venueSymbol].map {
                (symbol: $0, quote: Quote(bid: top.bid, ask: top.ask, time: time))
            }
        }
        let rejected = Set(sink.updateQuotes(updates))
        for symbol in rejected { logger.error("market data: the sink did not store the quote for \(symbol)") }
        reportEntries(problems, sound: tops.map(\.venueSymbol))
        return .success(updates.map(\.symbol).filter { !rejected.contains($0) })
    }

    /// Counts and logs skipped answer entries: each symbol's problem is logged as an error when it starts or
    /// changes (then at debug level while it lasts, so a symbol with an empty book does not flood the log), and
    /// its recovery at info level.
    private func reportEntries(_ problems: [EntryProblem], sound: [String]) {
        let (fresh, recovered) = state.withLock { state in
            var fresh: [EntryProblem] = []
            for problem in problems {
                state.status.record(problem.kind, problem.message)
                guard let venueSymbol = problem.venueSymbol else {
                    fresh.append(problem)
                    continue
                }
                if state.reportedProblems.updateValue(problem.kind, forKey: venueSymbol) != problem.kind {
                    fresh.append(problem)
                }
            }
            let recovered = sound.filter { state.reportedProblems.removeValue(forKey: $0) != nil }
            return (fresh, recovered)
        }
        let repeated = problems.count - fresh.count
        for problem in fresh { logger.error("market data: \(problem.message); entry ignored") }
        if repeated > 0 { logger.debug("market data: \(repeated) bookTicker entries ignored again") }
        for venueSymbol in recovered { logger.info("market data: \(venueSymbol) quotes are sound again") }
    }

    /// Logs (once per symbol) and counts symbols in use that the venue does not list, and logs (once) listed
    /// symbols that are not trading, whose quotes are not polled.
    private func reportUnlisted(_ unknown: [String], halted: [String]) {
        let (newUnknown, newHalted) = state.withLock { state in
            let newUnknown = unknown.filter { !state.reportedUnknown.contains($0) }
            for symbol in newUnknown {
                state.reportedUnknown.insert(symbol)
                state.status.record(.unknownSymbol, "the venue does not list \(symbol)")
            }
            let newHalted = halted.filter { !state.reportedHalted.contains($0) }
            state.reportedHalted = Set(halted)
            return (newUnknown, newHalted)
        }
        for symbol in newUnknown {
            logger.error("market data: the venue's exchangeInfo does not list \(symbol); it gets no quotes")
        }
        for symbol in newHalted {
            logger.warning("market data: \(symbol) is not TRADING on the venue; its quote is not polled and ages")
        }
    }

    /// Counts and logs a failed request or answer, unless the feed is being cancelled.
    private func record(_ failure: MarketDataFailure) {
        guard !Task.isCancelled else { return }
        state.withLock { $0.status.record(failure.kind, failure.message) }
        logger.error("market data: \(failure.message)")
    }
}

/// The feed's mutable state, behind its mutex.
struct FeedState: Sendable {
    /// The venue's symbols, once exchangeInfo has been loaded.
    var catalog: MarketCatalog?
    /// When exchangeInfo is next loaded.
    var nextCatalogLoad = ContinuousClock.now
    /// Failed exchangeInfo loads in a row, for its retry back-off.
    var catalogFailures = 0
    /// Set when the venue said a symbol asked for is invalid: load exchangeInfo on the next round.
    var catalogReloadRequested = false
    /// Symbols in use the venue does not list, already logged and counted.
    var reportedUnknown: Set<String> = []
    /// Symbols in use that are not trading, already logged.
    var reportedHalted: Set<String> = []
    /// The problem last logged per venue symbol, until a sound entry arrives.
    var reportedProblems: [String: PriceFeedErrorKind] = [:]
    /// Whether the feed's own HTTP client is shut down.
    var clientShutDown = false
    /// Counts for metrics and the API.
    var status = PriceFeedStatus()
}

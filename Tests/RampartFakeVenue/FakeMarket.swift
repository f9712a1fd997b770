public import Hummingbird
import NIOCore
import RampartJSON
import Synchronization

/// A Binance-compatible public market-data server on 127.0.0.1 for tests: `GET /api/v3/exchangeInfo` and
/// `GET /api/v3/ticker/bookTicker`, over symbols and quotes the test sets (as strings, so it can send garbage).
///
/// `Mode.down` answers 503 with an HTML body, as Binance's edge does during maintenance or overload; a venue that
/// cannot be reached at all is a stopped server (connection refused).
public final class FakeMarket: Sendable {
    /// How the server answers every request.
    public enum Mode: Sendable, Equatable {
        /// Answers as Binance does.
        case normal
        /// Waits this long before answering normally; leaving the mode (or `stop()`) ends the wait early.
        case slow(Duration)
        /// Answers 503 Service Unavailable.
        case down
        /// Answers 200 with a body that is not JSON.
        case garbage
    }

    /// One `exchangeInfo` filter value set, as decimal strings (nil leaves the field out).
    public struct Filters: Sendable {
        /// `PRICE_FILTER.minPrice`.
        public var minPrice: String?
        /// `PRICE_FILTER.maxPrice`.
        public var maxPrice: String?
        /// `PRICE_FILTER.tickSize`.
        public var tickSize: String?
        /// `LOT_SIZE.minQty`.
        public var minQty: String?
        /// `LOT_SIZE.maxQty`.
        public var maxQty: String?
        /// `LOT_SIZE.stepSize`.
        public var stepSize: String?
        /// `NOTIONAL.minNotional` (or `MIN_NOTIONAL.minNotional`).
        public var minNotional: String?
        /// `NOTIONAL` (Binance today) or `MIN_NOTIONAL` (older venues and testnets).
        public var notionalFilterType: String

        /// Filters with Binance's usual shape; every value optional.
        public init(
            minPrice: String? = "0.01000000",
            maxPrice: String? = "1000000.00000000",
            tickSize: String? = "0.01000000",
            minQty: String? = "0.00001000",
            maxQty: String? = "9000.00000000",
            stepSize: String? = "0.00001000",
            minNotional: String? = "5.00000000",
            notionalFilterType: String = "NOTIONAL"
        ) {
            self.minPrice = minPrice
            self.maxPrice = maxPrice
            self.tickSize = tickSize
            self.minQty = minQty
            self.maxQty = maxQty
            self.stepSize = stepSize
            self.minNotional = minNotional
            self.notionalFilterType = notionalFilterType
        }
    }

    struct Listing: Sendable {
        var venue: String
        var base: String
        var quote: String
        var status: String
        var filters: Filters
    }

    struct State: Sendable {
        var listings: [Listing] = []
        var quotes: [String: (bid: String, ask: String)] = [:]
        var extraEntries: [(venue: String, bid: String, ask: String)] = []
        var mode = Mode.normal
        var exchangeInfoRequests = 0
        var bookTickerRequests = 0
        var askedSymbols: [[String]] = []
        var stopping = false
    }

    let state = Mutex(State())
    private let task = Mutex<LoopbackServer.Running?>(nil)

    /// A server with no symbols; call `start()`.
    public init() {}

    /// Starts the server on an ephemeral port; returns its base URL.
    public func start() async throws -> String {
        let router = Router()
        register(on: router)
        return try await LoopbackServer.start(router, into: task)
    }

    /// Serves the public market data routes on another router (the fake venue serves them beside its order routes,
    /// as Binance does, so `--venue-url` alone gives market data).
    public func register<Context: RequestContext>(on router: Router<Context>) {
        router.get("/api/v3/exchangeInfo") { request, _ in try await self.exchangeInfo(request) }
        router.get("/api/v3/ticker/bookTicker") { request, _ in try await self.bookTicker(request) }
    }

    /// Stops the server; slow answers in progress end at once.
    public func stop() async {
        state.withLock { $0.stopping = true }
        await LoopbackServer.stop(task)
    }

    /// Lists a symbol in `exchangeInfo`: `venue` is the venue's name, `base` and `quote` its assets.
    public func addSymbol(
        venue: String,
        base: String,
        quote: String,
        status: String = "TRADING",
        filters: Filters = Filters()
    ) {
        state.withLock { state in
            state.listings.removeAll { $0.venue == venue }
            state.listings.append(Listing(venue: venue, base: base, quote: quote, status: status, filters: filters))
        }
    }

    /// Delists a symbol: `exchangeInfo` leaves it out and `bookTicker` answers -1121 when it is asked for.
    public func removeSymbol(venue: String) {
        state.withLock { state in
            state.listings.removeAll { $0.venue == venue }
            state.quotes[venue] = nil
        }
    }

    /// Sets the best bid and ask `bookTicker` reports for `venue`, as sent (anything: `-1`, `abc`, crossed).
    public func setQuote(venue: String, bid: String, ask: String) {
        state.withLock { $0.quotes[venue] = (bid, ask) }
    }

    /// Adds an entry to every `bookTicker` answer, asked for or not (an unlisted symbol, a duplicate).
    public func addExtraEntry(venue: String, bid: String, ask: String) {
        state.withLock { $0.extraEntries.append((venue, bid, ask)) }
    }

    /// How the server answers from now on.
    public var mode: Mode {
        get { state.withLock { $0.mode } }
        set { state.withLock { $0.mode = newValue } }
    }

    /// `GET /api/v3/exchangeInfo` requests received.
    public var exchangeInfoRequests: Int { state.withLock { $0.exchangeInfoRequests } }
    /// `GET /api/v3/ticker/bookTicker` requests received.
    public var bookTickerRequests: Int { state.withLock { $0.bookTickerRequests } }
    /// The symbols each `bookTicker` request asked for, in order (empty for "all").
    public var askedSymbols: [[String]] { state.withLock { $0.askedSymbols } }

    // MARK: Handlers

    private func exchangeInfo(_ request: Request) async throws -> Response {
        state.withLock { $0.exchangeInfoRequests += 1 }
        if let failure = try await misbehave() { return failure }
        let listings = state.withLock { $0.listings }
        let symbols = listings.map { listing -> JSONValue in
            .object([
                JSONMember("symbol", .string(listing.venue)),
                JSONMember("status", .string(listing.status)),
                JSONMember("baseAsset", .string(listing.base)),
                JSONMember("baseAssetPrecision", .number("8")),
                JSONMember("quoteAsset", .string(listing.quote)),
                JSONMember("quotePrecision", .number("8")),
                JSONMember("quoteAssetPrecision", .number("8")),
                JSONMember("orderTypes", .array([.string("LIMIT"), .string("MARKET")])),
                JSONMember("isSpotTradingAllowed", .bool(true)),
                JSONMember("filters", .array(Self.filters(listing.filters))),
                JSONMember("permissions", .array([])),
            ])
        }
        let body = JSONValue.object([
            JSONMember("timezone", .string("UTC")),
            JSONMember("serverTime", .number(String(FakeVenue.nowMilliseconds()))),
            JSONMember("rateLimits", .array([])),
            JSONMember("exchangeFilters", .array([])),
            JSONMember("symbols", .array(symbols)),
        ])
        return FakeVenue.json(JSONWriter.string(body))
    }

    private static func filters(_ filters: Filters) -> [JSONValue] {
        func filter(_ type: String, _ fields: [(String, String?)]) -> JSONValue {
            .object(
                [JSONMember("filterType", .string(type))]
                    + fields.compactMap { key, value in value.map { JSONMember(key, .string($0)) } }
            )
        }
        return [
            filter(
                "PRICE_FILTER",
                [("minPrice", filters.minPrice), ("maxPrice", filters.maxPrice), ("tickSize", filters.tickSize)]
            ),
            filter(
                "LOT_SIZE",
                [("minQty", filters.minQty), ("maxQty", filters.maxQty), ("stepSize", filters.stepSize)]
            ),
            filter(filters.notionalFilterType, [("minNotional", filters.minNotional)]),
            .object([JSONMember("filterType", .string("ICEBERG_PARTS")), JSONMember("limit", .number("10"))]),
        ]
    }

    /// Answers as Binance does: `symbols=["A","B"]` gives an array, `symbol=A` one object, neither every symbol;
    /// an unlisted symbol makes the whole request fail with -1121.
    private func bookTicker(_ request: Request) async throws -> Response {
        let parameters = request.uri.queryParameters
        var asked: [String]?
        var single = false
        if let text = parameters["symbols"] {
            guard let names = (try? JSONParser.parse(String(text)))?.arrayValue?.compactMap(\.stringValue) else {
                state.withLock { $0.bookTickerRequests += 1 }
                return FakeVenue.error(400, -1100, "Illegal characters found in parameter 'symbols'.")
            }
            asked = names
        } else if let name = parameters["symbol"] {
            asked = [String(name)]
            single = true
        }
        state.withLock { state in
            state.bookTickerRequests += 1
            state.askedSymbols.append(asked ?? [])
        }
        if let failure = try await misbehave() { return failure }
        let (listings, quotes, extras) = state.withLock { ($0.listings, $0.quotes, $0.extraEntries) }
        let listed = Set(listings.map(\.venue))
        if let asked, asked.contains(where: { !listed.contains($0) }) {
            return FakeVenue.error(400, -1121, "Invalid symbol.")
        }
        var entries = (asked ?? listings.map(\.venue)).map { venue in
            let quote = quotes[venue] ?? ("0.00000000", "0.00000000")  // an empty book, as Binance reports it
            return Self.entry(venue: venue, bid: quote.bid, ask: quote.ask)
        }
        entries += extras.map { Self.entry(venue: $0.venue, bid: $0.bid, ask: $0.ask) }
        let body = single && entries.count == 1 ? entries[0] : JSONValue.array(entries)
        return FakeVenue.json(JSONWriter.string(body))
    }

    private static func entry(venue: String, bid: String, ask: String) -> JSONValue {
        .object([
            JSONMember("symbol", .string(venue)),
            JSONMember("bidPrice", .string(bid)),
            JSONMember("bidQty", .string("1.00000000")),
            JSONMember("askPrice", .string(ask)),
            JSONMember("askQty", .string("1.00000000")),
        ])
    }

    /// The answer the current mode gives instead of the normal one, after any delay; nil to answer normally.
    private func misbehave() async throws -> Response? {
        switch mode {
        case .normal:
            return nil
        case .slow(let delay):
            let clock = ContinuousClock()
            let end = clock.now + delay
            while clock.now < end && mode == .slow(delay) && !state.withLock({ $0.stopping }) {
                try await Task.sleep(for: .milliseconds(20))
            }
            return nil
        case .down:
            return Response(
                status: .serviceUnavailable,
                headers: [.contentType: "text/html"],
                body: .init(byteBuffer: ByteBuffer(string: "<html><body>503 Service Unavailable</body></html>"))
            )
        case .garbage:
            return Response(
                status: .ok,
                headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: "<html>not json{"))
            )
        }
    }
}

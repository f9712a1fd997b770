import Hummingbird
import NIOCore
import RampartCrypto
import RampartExecution
public import RampartRules
import Synchronization

/// A Binance-compatible spot venue on 127.0.0.1 for tests: checks API key, HMAC signature and recvWindow, keeps
/// orders by client order id, and answers placements as each test scripts (fills, rejections, 5xx, delays, drops).
/// It also answers `GET /api/v3/time` and a signed `GET /api/v3/account`, and can be scripted to refuse this
/// machine's address, to run its clock off, or to be down (`access`, `clockOffset`).
public final class FakeVenue: Sendable {
    /// How the venue treats every request, before it reads the key.
    public enum Access: Sendable {
        /// Serves normally.
        case open
        /// Answers every signed request with Binance's -2015 ("Invalid API-key, IP, or permissions for action."):
        /// what Binance says to an address outside a key's IP list, and to a key it does not know.
        case addressNotAllowed
        /// A firewall in front of the venue: HTTP 403 with an HTML page and no venue code, for every request.
        case firewall
        /// Accepts connections and closes them without answering.
        case down
        /// Answers every request with this HTTP status and body (a gateway, a ban, maintenance, a wrong URL).
        case answer(status: Int, body: String)
    }

    /// How the venue answers one `POST /api/v3/order`.
    public indirect enum Placement: Sendable {
        /// Fills the whole quantity at `price`, charging `commission` in `asset`.
        case fill(price: String, commission: String = "0", asset: String = "USDT")
        /// Fills `quantity` at `price`; the IOC rest expires.
        case partialFill(quantity: String, price: String, commission: String = "0", asset: String = "USDT")
        /// Accepts the order and leaves it open (`NEW`), nothing executed.
        case rest
        /// Answers 400 with `{code, msg}`; no order is created.
        case reject(code: Int, message: String)
        /// Answers 500; the order is created per `placing` first when given.
        case serverError(placing: Placement?)
        /// Books the order per `then`, then waits `delay` before answering (past the client's timeout).
        case delay(Duration, then: Placement)
        /// Books the order per `then`, then closes the connection without answering.
        case dropAfterPlacing(Placement)
        /// Closes the connection without creating any order.
        case dropBeforePlacing
    }

    struct Order: Sendable {
        var orderID: Int
        var clientOrderID: String
        var symbol: String
        var side: String
        var quantity: FixedDecimal
        var state: String
        var executed: FixedDecimal
        var quote: FixedDecimal
        var fills: [FakeFill]
    }

    struct State: Sendable {
        var script: [Placement] = []
        var orders: [String: Order] = [:]
        var nextOrderID = 1000
        var nextTradeID = 5000
        var placeRequests = 0
        var statusRequests = 0
        var cancelRequests = 0
        var authFailures: [String] = []
        var failingStatusQueries = 0
        var access = Access.open
        var clockOffsetMilliseconds: Int64 = 0
        var accountRequests = 0
    }

    /// The API key the venue accepts.
    public let apiKey: String
    /// The signing secret the venue checks signatures with.
    public let secret: String
    let state = Mutex(State())
    private let task = Mutex<LoopbackServer.Running?>(nil)

    /// The venue's public market data (`exchangeInfo`, `bookTicker`): BTC/USDT listed, bid 99.9, ask 100.
    public let market = FakeMarket()

    /// A venue with no orders that accepts `apiKey` signed with `secret`; call `start()`.
    public init(apiKey: String = "test-api-key", secret: String = "test-secret-0123456789") {
        self.apiKey = apiKey
        self.secret = secret
        market.addSymbol(venue: "BTCUSDT", base: "BTC", quote: "USDT")
        market.setQuote(venue: "BTCUSDT", bid: "99.9", ask: "100")
    }

    /// Starts the server on an ephemeral port; returns its base URL.
    public func start() async throws -> String {
        let router = Router(context: VenueContext.self)
        router.add(middleware: AccessGate(venue: self))  // first: it applies to the routes added after it
        router.get("/api/v3/time") { _, _ in Self.json("{\"serverTime\":\(self.venueNowMilliseconds())}") }
        router.get("/api/v3/account") { request, context in try await self.account(request, context) }
        router.post("/api/v3/order") { request, context in try await self.place(request, context) }
        router.get("/api/v3/order") { request, context in try await self.query(request, context) }
        router.delete("/api/v3/order") { request, context in try await self.cancel(request, context) }
        market.register(on: router)
        return try await LoopbackServer.start(router, into: task)
    }

    /// Stops the server.
    public func stop() async {
        await LoopbackServer.stop(task)
    }

    /// Queues placement answers, used in order; once empty every placement fills at 100.
    public func script(_ placements: Placement...) { script(placements) }

    /// Queues placement answers, used in order; once empty every placement fills at 100.
    public func script(_ placements: [Placement]) { state.withLock { $0.script.append(contentsOf: placements) } }

    /// Placement answers queued and not used yet.
    public var scriptedPlacements: Int { state.withLock { $0.script.count } }

    /// The venue's truth: the signed executed base quantity of every order in `symbol`.
    public func position(symbol: String) -> FixedDecimal {
        state.withLock { state in
            state.orders.values.filter { $0.symbol == symbol }.reduce(FixedDecimal.zero) { total, order in
                (try? total.adding(order.side == "BUY" ? order.executed : order.executed.negated)) ?? total
            }
        }
    }

    /// `POST /api/v3/order` requests that passed authentication.
    public var placeRequests: Int { state.withLock { $0.placeRequests } }
    /// `GET /api/v3/order` requests.
    public var statusRequests: Int { state.withLock { $0.statusRequests } }
    /// `DELETE /api/v3/order` requests.
    public var cancelRequests: Int { state.withLock { $0.cancelRequests } }
    /// Why requests failed authentication, in order.
    public var authFailures: [String] { state.withLock { $0.authFailures } }

    /// How the venue treats every request from now on.
    public func setAccess(_ access: Access) { state.withLock { $0.access = access } }

    /// Runs the venue's clock `offset` ahead of this machine's (negative: behind); signed requests are judged by it.
    public func setClockOffset(_ offset: Duration) {
        let milliseconds = Int64((offset / .milliseconds(1)).rounded())
        state.withLock { $0.clockOffsetMilliseconds = milliseconds }
    }

    /// `GET /api/v3/account` requests that passed authentication.
    public var accountRequests: Int { state.withLock { $0.accountRequests } }

    var access: Access { state.withLock { $0.access } }

    /// The venue's clock, in milliseconds since 1970.
    func venueNowMilliseconds() -> Int64 { FakeVenue.nowMilliseconds() + state.withLock { $0.clockOffsetMilliseconds } }

    /// Makes the next `count` status queries answer 503 (0 ends it).
    public func failStatusQueries(_ count: Int) { state.withLock { $0.failingStatusQueries = count } }

    // MARK: Handlers

    private func place(_ request: Request, _ context: VenueContext) async throws -> Response {
        let parameters: [String: String]
        switch try await authenticate(request) {
        case .verified(let verified): parameters = verified
        case .denied(let response): return response
        }
        state.withLock { $0.placeRequests += 1 }
        guard let id = parameters["newClientOrderId"], let symbol = parameters["symbol"], let side = parameters["side"],
            let quantityText = parameters["quantity"], let quantity = try? FixedDecimal(exactly: quantityText)
        else { return Self.error(400, -1102, "Mandatory parameter missing.") }
        let placement = state.withLock { $0.script.isEmpty ? Placement.fill(price: "100") : $0.script.removeFirst() }
        // Every case is handled here, in one function: passing the indirect `Placement` enum into another async
        // function crashed the Swift 6.3.1 runtime on Linux (a null resume pointer in swift_job_run).
        switch placement {
        case .reject(let code, let message):
            return Self.error(400, code, message)
        case .serverError(let placing):
            if let placing { _ = try book(placing, id: id, symbol: symbol, side: side, quantity: quantity) }
            return Response(status: .internalServerError, body: .init(byteBuffer: ByteBuffer(string: "Internal error")))
        case .delay(let delay, let then):
            let order = try book(then, id: id, symbol: symbol, side: side, quantity: quantity)
            try await Task.sleep(for: delay)
            return Self.json(Self.render(order, id: id, withFills: true))
        case .dropAfterPlacing(let then):
            _ = try book(then, id: id, symbol: symbol, side: side, quantity: quantity)
            try await context.channel.close()
            throw FakeVenueError("connection dropped on purpose")
        case .dropBeforePlacing:
            try await context.channel.close()
            throw FakeVenueError("connection dropped on purpose")
        case .fill, .partialFill, .rest:
            let order = try book(placement, id: id, symbol: symbol, side: side, quantity: quantity)
            return Self.json(Self.render(order, id: id, withFills: true))
        }
    }

    /// The account the key reads: a spot account that may trade, with balances (which a credentials test never shows).
    private func account(_ request: Request, _ context: VenueContext) async throws -> Response {
        switch try await authenticate(request) {
        case .verified: break
        case .denied(let response): return response
        }
        state.withLock { $0.accountRequests += 1 }
        return Self.json(
            """
            {"makerCommission":10,"takerCommission":10,"canTrade":true,"canWithdraw":false,"canDeposit":true,\
            "updateTime":\(venueNowMilliseconds()),"accountType":"SPOT","balances":[{"asset":"USDT",\
            "free":"12345.67","locked":"0.00"}],"permissions":["SPOT"]}
            """
        )
    }

    /// Records the order the placement creates.
    private func book(
        _ placement: Placement,
        id: String,
        symbol: String,
        side: String,
        quantity: FixedDecimal
    ) throws -> Order {
        var order = Order(
            orderID: 0,
            clientOrderID: id,
            symbol: symbol,
            side: side,
            quantity: quantity,
            state: "NEW",
            executed: .zero,
            quote: .zero,
            fills: []
        )
        switch placement {
        case .fill(let price, let commission, let asset), .partialFill(_, let price, let commission, let asset):
            var executed = quantity
            if case .partialFill(let partial, _, _, _) = placement { executed = try FixedDecimal(exactly: partial) }
            let price = try FixedDecimal(exactly: price)
            order.executed = executed
            order.quote = try executed.multiplied(by: price)
            order.state = executed == quantity ? "FILLED" : "EXPIRED"
            order.fills = [
                FakeFill(
                    tradeID: 0,
                    price: price,
                    quantity: executed,
                    commission: try FixedDecimal(exactly: commission),
                    asset: asset
                )
            ]
        case .rest: break
        default: throw FakeVenueError("placement \(placement) does not book an order")
        }
        return state.withLock { state in
            guard state.orders[id] == nil else { return state.orders[id]! }  // a duplicate id never books twice
            order.orderID = state.nextOrderID
            state.nextOrderID += 1
            for index in order.fills.indices {
                order.fills[index].tradeID = state.nextTradeID
                state.nextTradeID += 1
            }
            state.orders[id] = order
            return order
        }
    }

    private func query(_ request: Request, _ context: VenueContext) async throws -> Response {
        let parameters: [String: String]
        switch try await authenticate(request) {
        case .verified(let verified): parameters = verified
        case .denied(let response): return response
        }
        let (failing, order) = state.withLock { state in
            state.statusRequests += 1
            if state.failingStatusQueries > 0 {
                state.failingStatusQueries -= 1
                return (true, nil as Order?)
            }
            return (false, parameters["origClientOrderId"].flatMap { state.orders[$0] })
        }
        if failing { return Response(status: .serviceUnavailable) }
        guard let id = parameters["origClientOrderId"], let order else {
            return Self.error(400, -2013, "Order does not exist.")
        }
        return Self.json(Self.render(order, id: id, withFills: false))
    }

    private func cancel(_ request: Request, _ context: VenueContext) async throws -> Response {
        let parameters: [String: String]
        switch try await authenticate(request) {
        case .verified(let verified): parameters = verified
        case .denied(let response): return response
        }
        let id = parameters["origClientOrderId"] ?? ""
        let order: Order? = state.withLock { state in
            state.cancelRequests += 1
            guard var order = state.orders[id], order.state == "NEW" || order.state == "PARTIALLY_FILLED" else {
                return nil
            }
            order.state = "CANCELED"
            state.orders[id] = order
            return order
        }
        guard let order else { return Self.error(400, -2011, "Unknown order sent.") }
        return Self.json(
            Self.render(order, id: id, withFills: false).replacing("\"clientOrderId\"", with: "\"origClientOrderId\"")
        )
    }

    // MARK: Authentication

    /// Checks the API key, the signature over the exact query string or body, and the recvWindow.
    private func authenticate(_ request: Request) async throws -> Authentication {
        let query = request.uri.query ?? ""
        let body = String(buffer: try await request.body.collect(upTo: 1 << 16))
        let total = query + body
        func fail(_ why: String, _ code: Int) -> Authentication {
            state.withLock { $0.authFailures.append(why) }
            return .denied(Self.error(401, code, why))
        }
        if case .addressNotAllowed = access { return fail("Invalid API-key, IP, or permissions for action.", -2015) }
        guard request.headers.first(where: { $0.name.canonicalName == "x-mbx-apikey" })?.value == apiKey else {
            return fail("API-key format invalid.", -2014)
        }
        guard let marker = total.ranges(of: "&signature=").last else {
            return fail("Signature for this request is not valid.", -1022)
        }
        let message = String(total[..<marker.lowerBound])
        let signature = String(total[marker.upperBound...])
        let expected = HMACSHA256.hexAuthenticationCode(for: message, key: secret)
        guard ConstantTime.equals(Array(signature.utf8), Array(expected.utf8)) else {
            return fail("Signature for this request is not valid.", -1022)
        }
        var parameters: [String: String] = [:]
        for pair in message.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            // The client sends only unreserved characters: no percent-decoding needed.
            parameters[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        guard let timestamp = parameters["timestamp"].flatMap(Int64.init),
            let window = parameters["recvWindow"].flatMap(Int64.init),
            window > 0, window <= 60_000
        else { return fail("Mandatory parameter 'timestamp' or 'recvWindow' missing or invalid.", -1102) }
        let now = venueNowMilliseconds()
        guard timestamp < now + 1000, now - timestamp <= window else {
            return fail("Timestamp for this request is outside of the recvWindow.", -1021)
        }
        return .verified(parameters)
    }

    static func nowMilliseconds() -> Int64 { Timestamp.now().nanoseconds / 1_000_000 }

    // MARK: Rendering

    static func render(_ order: Order, id: String, withFills: Bool) -> String {
        var text = """
            {"symbol":"\(order.symbol)","orderId":\(order.orderID),"clientOrderId":"\(id)",\
            "origQty":"\(order.quantity)","executedQty":"\(order.executed)","cummulativeQuoteQty":"\(order.quote)",\
            "status":"\(order.state)","side":"\(order.side)"
            """
        if withFills {
            let fills = order.fills.map {
                "{\"tradeId\":\($0.tradeID),\"price\":\"\($0.price)\",\"qty\":\"\($0.quantity)\",\"commission\":\"\($0.commission)\",\"commissionAsset\":\"\($0.asset)\"}"
            }
            text += ",\"fills\":[\(fills.joined(separator: ","))]"
        }
        return text + "}"
    }

    static func json(_ text: String) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: text))
        )
    }

    static func error(_ status: Int, _ code: Int, _ message: String) -> Response {
        Response(
            status: HTTPResponse.Status(code: status),
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: "{\"code\":\(code),\"msg\":\"\(message)\"}"))
        )
    }
}

/// One execution the fake venue reports.
struct FakeFill: Sendable {
    var tradeID: Int
    var price: FixedDecimal
    var quantity: FixedDecimal
    var commission: FixedDecimal
    var asset: String
}

/// The result of checking a request's key, signature and timing.
enum Authentication {
    /// The request is authentic; its parameters.
    case verified([String: String])
    /// The error answer to send.
    case denied(Response)
}

/// Applies the venue's `Access` to every request before its route sees it.
struct AccessGate: RouterMiddleware {
    typealias Context = VenueContext
    let venue: FakeVenue

    func handle(
        _ request: Request,
        context: VenueContext,
        next: (Request, VenueContext) async throws -> Response
    ) async throws -> Response {
        switch venue.access {
        case .open, .addressNotAllowed:
            return try await next(request, context)
        case .firewall:
            return Response(
                status: .forbidden,
                headers: [.contentType: "text/html"],
                body: .init(
                    byteBuffer: ByteBuffer(
                        string: "<html><head><title>403 Forbidden</title></head><body><h1>403 Forbidden</h1>"
                            + "<p>Request blocked.</p></body></html>"
                    )
                )
            )
        case .down:
            try await context.channel.close()
            throw FakeVenueError("connection dropped on purpose: the venue is down")
        case .answer(let status, let body):
            return Response(
                status: HTTPResponse.Status(code: status),
                headers: [.contentType: body.hasPrefix("{") ? "application/json" : "text/html"],
                body: .init(byteBuffer: ByteBuffer(string: body))
            )
        }
    }
}

/// A request context that keeps the channel, so a handler can drop the connection.
struct VenueContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }
}

/// A failure inside the fake venue.
struct FakeVenueError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

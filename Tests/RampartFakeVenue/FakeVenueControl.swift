import Hummingbird
import NIOCore
import RampartJSON
import RampartRules
import Synchronization

/// A loopback control API for a `FakeVenue` run as a program (`RampartFakeVenueServer`), so tests in another
/// language can script it and read what it saw. On its own port, apart from the venue's routes:
///
/// - `POST /script` with a JSON array of placements, queued in order (see `placement(from:)`);
/// - `POST /quote` with `{"symbol":"BTCUSDT","bid":"99.9","ask":"100"}`: the book `bookTicker` reports;
/// - `GET /state`: request counts, authentication failures, placements still queued, and every order booked.
public final class FakeVenueControl: Sendable {
    /// The venue it controls.
    public let venue: FakeVenue
    private let task = Mutex<LoopbackServer.Running?>(nil)

    /// A control API for `venue`; call `start()`.
    public init(venue: FakeVenue) { self.venue = venue }

    /// Starts the control server on an ephemeral port; returns its base URL.
    public func start() async throws -> String {
        let router = Router()
        router.get("/state") { _, _ in FakeVenue.json(JSONWriter.string(self.stateJSON())) }
        router.post("/script") { request, _ in try await self.script(request) }
        router.post("/quote") { request, _ in try await self.quote(request) }
        return try await LoopbackServer.start(router, into: task)
    }

    /// Stops the control server.
    public func stop() async {
        await LoopbackServer.stop(task)
    }

    private func script(_ request: Request) async throws -> Response {
        let placements: [FakeVenue.Placement]
        do {
            let body = try await Self.body(request)
            guard let items = body.arrayValue else { throw FakeVenueError("expected an array of placements") }
            placements = try items.enumerated().map { index, item in
                do { return try Self.placement(from: item) } catch { throw FakeVenueError("[\(index)]: \(error)") }
            }
        } catch {
            return FakeVenue.error(400, -1, "\(error)")
        }
        venue.script(placements)
        return FakeVenue.json("{\"queued\":\(venue.scriptedPlacements)}")
    }

    private func quote(_ request: Request) async throws -> Response {
        do {
            let body = try await Self.body(request)
            guard let symbol = body["symbol"]?.stringValue, let bid = body["bid"]?.stringValue,
                let ask = body["ask"]?.stringValue
            else { throw FakeVenueError("expected {\"symbol\", \"bid\", \"ask\"} as strings") }
            venue.market.setQuote(venue: symbol, bid: bid, ask: ask)
        } catch {
            return FakeVenue.error(400, -1, "\(error)")
        }
        return FakeVenue.json("{}")
    }

    private static func body(_ request: Request) async throws -> JSONValue {
        let text = String(buffer: try await request.body.collect(upTo: 1 << 16))
        do { return try JSONParser.parse(text) } catch { throw FakeVenueError("not JSON: \(error)") }
    }

    /// One placement from JSON: `{"kind":"fill","price":"100","commission":"0.1","asset":"USDT"}`,
    /// `{"kind":"partial_fill","quantity":"0.5","price":"100"}`, `{"kind":"rest"}`,
    /// `{"kind":"reject","code":-2010,"message":"…"}`, `{"kind":"server_error","placing":{…}}` (placing optional),
    /// `{"kind":"delay","ms":3000,"then":{…}}`, `{"kind":"drop_after_placing","then":{…}}`,
    /// `{"kind":"drop_before_placing"}`.
    static func placement(from json: JSONValue) throws -> FakeVenue.Placement {
        func text(_ key: String, default value: String? = nil) throws -> String {
            if let found = json[key]?.stringValue { return found }
            if let value { return value }
            throw FakeVenueError("'\(key)' (a string) is missing")
        }
        func integer(_ key: String) throws -> Int {
            guard case .number(let digits) = json[key], let number = Int(digits) else {
                throw FakeVenueError("'\(key)' (an integer) is missing")
            }
            return number
        }
        func nested(_ key: String) throws -> FakeVenue.Placement {
            guard let inner = json[key], !inner.isNull else {
                throw FakeVenueError("'\(key)' (a placement) is missing")
            }
            return try placement(from: inner)
        }
        switch json["kind"]?.stringValue {
        case "fill":
            return .fill(
                price: try text("price"),
                commission: try text("commission", default: "0"),
                asset: try text("asset", default: "USDT")
            )
        case "partial_fill":
            return .partialFill(
                quantity: try text("quantity"),
                price: try text("price"),
                commission: try text("commission", default: "0"),
                asset: try text("asset", default: "USDT")
            )
        case "rest":
            return .rest
        case "reject":
            return .reject(code: try integer("code"), message: try text("message"))
        case "server_error":
            let placing = json["placing"].flatMap { $0.isNull ? nil : $0 }
            return .serverError(placing: try placing.map { try placement(from: $0) })
        case "delay":
            return .delay(.milliseconds(try integer("ms")), then: try nested("then"))
        case "drop_after_placing":
            return .dropAfterPlacing(try nested("then"))
        case "drop_before_placing":
            return .dropBeforePlacing
        case let kind:
            throw FakeVenueError("unknown placement kind \(kind.map { "'\($0)'" } ?? "(none)")")
        }
    }

    func stateJSON() -> JSONValue {
        let (state, market) = (venue.state.withLock { $0 }, venue.market)
        let orders = state.orders.values.sorted { $0.orderID < $1.orderID }.map { order -> JSONValue in
            .object([
                JSONMember("client_order_id", .string(order.clientOrderID)),
                JSONMember("order_id", .number(String(order.orderID))),
                JSONMember("symbol", .string(order.symbol)),
                JSONMember("side", .string(order.side)),
                JSONMember("quantity", .string(order.quantity.description)),
                JSONMember("executed", .string(order.executed.description)),
                JSONMember("quote", .string(order.quote.description)),
                JSONMember("status", .string(order.state)),
            ])
        }
        return .object([
            JSONMember("place_requests", .number(String(state.placeRequests))),
            JSONMember("status_requests", .number(String(state.statusRequests))),
            JSONMember("cancel_requests", .number(String(state.cancelRequests))),
            JSONMember("account_requests", .number(String(state.accountRequests))),
            JSONMember("exchange_info_requests", .number(String(market.exchangeInfoRequests))),
            JSONMember("book_ticker_requests", .number(String(market.bookTickerRequests))),
            JSONMember("auth_failures", .array(state.authFailures.map { .string($0) })),
            JSONMember("scripted", .number(String(state.script.count))),
            JSONMember("orders", .array(orders)),
        ])
    }
}

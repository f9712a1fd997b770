import Foundation
import RampartJSON
import RampartService
import RampartStore
import Testing

/// `execution: external` orders, their fills and releases, and backtest sessions, over HTTP: bad input is a 4xx
/// naming the field and changes nothing.
@Suite(.serialized) struct ExternalServiceTests {
    static func external(id: String, quantity: String = "0.002", bot: String = "ext") -> String {
        #"{"bot":"\#(bot)","symbol":"BTC/USDT","side":"buy","type":"market","quantity":"\#(quantity)","reference_price":"60000","client_order_id":"\#(id)","execution":"external"}"#
    }

    static func fill(_ id: String, _ quantity: String, price: String = "60000", fee: String = "0.01") -> String {
        #"{"fill_id":"\#(id)","quantity":"\#(quantity)","price":"\#(price)","fee":"\#(fee)"}"#
    }

    /// The bot's position and pending quantity as `/v1/state` shows them.
    func state(_ server: TestServer) async throws -> (position: String?, external: [JSONValue]) {
        let state = try await server.request("GET", "/v1/state", token: server.token(.ops))
        let position = state.json?["positions"]?.arrayValue?.first { $0["bot"]?.stringValue == "ext" }
        return (position?["quantity"]?.stringValue, state.json?["external_orders"]?.arrayValue ?? [])
    }

    @Test func reserveFillPartlyReleaseTheRest() async throws {
        let server = try await TestServer.start()
        let trader = server.token(.trader)
        let reserved = try await server.request("POST", "/v1/orders", token: trader, body: Self.external(id: "e-1"))
        #expect(reserved.status == 200 && reserved.json?["allowed"] == .bool(true))
        #expect(reserved.json?["execution"]?["status"]?.stringValue == "reserved")
        #expect(reserved.json?["execution"]?["remaining_quantity"]?.stringValue == "0.002")
        #expect(try await state(server).external.count == 1)

        let first = try await server.request(
            "POST",
            "/v1/orders/e-1/fills",
            token: trader,
            body: Self.fill("t-1", "0.001")
        )
        #expect(first.status == 200, "\(first.body)")
        #expect(first.json?["order"]?["status"]?.stringValue == "reserved")
        #expect(first.json?["order"]?["remaining_quantity"]?.stringValue == "0.001")
        // The test server has no market data: nothing to check the price against.
        #expect(first.json?["price_check"]?.stringValue == "unchecked")
        #expect(first.json?["price_source"]?.stringValue == "caller")
        #expect(try await state(server).position == "0.001")
        let metrics = try await server.request("GET", "/metrics", token: server.token(.ops))
        #expect(metrics.body.contains(#"rampart_external_fills_total{price_check="unchecked"} 1"#), "\(metrics.body)")

        let cancel = try await server.request("DELETE", "/v1/orders/e-1", token: trader)
        #expect(cancel.status == 200 && cancel.json?["released_quantity"]?.stringValue == "0.001")
        #expect(try await state(server).external.isEmpty)
        let late = try await server.request(
            "POST",
            "/v1/orders/e-1/fills",
            token: trader,
            body: Self.fill("t-2", "0.001")
        )
        #expect(late.status == 409 && late.json?["error"]?["code"]?.stringValue == "order_closed")
        let again = try await server.request("DELETE", "/v1/orders/e-1", token: trader)
        #expect(again.status == 409 && again.json?["error"]?["details"]?["status"]?.stringValue == "cancelled")
        #expect(try await server.request("DELETE", "/v1/orders/never", token: trader).status == 404)
        #expect(try await state(server).position == "0.001")
        await server.stop()
    }

    @Test func badFillsAreRefusedNamingTheFieldAndChangeNothing() async throws {
        let server = try await TestServer.start()
        let trader = server.token(.trader)
        _ = try await server.request("POST", "/v1/orders", token: trader, body: Self.external(id: "e-2"))
        _ = try await server.request("POST", "/v1/orders/e-2/fills", token: trader, body: Self.fill("t-1", "0.0015"))
        let cases: [(path: String, body: String, status: Int, code: String, key: String?)] = [
            ("/v1/orders/nope/fills", Self.fill("t-9", "0.001"), 404, "unknown_order", nil),
            ("/v1/orders/e-2/fills", Self.fill("t-2", "0.001"), 409, "exceeds_reservation", "quantity"),
            ("/v1/orders/e-2/fills", Self.fill("t-1", "0.001"), 409, "fill_id_conflict", "fill_id"),
            ("/v1/orders/e-2/fills", Self.fill("t-3", "0.0001", price: "60000.123456789"), 400, "bad_request", "price"),
            ("/v1/orders/e-2/fills", Self.fill("t-3", "1e", price: "60000"), 400, "bad_request", "quantity"),
            ("/v1/orders/e-2/fills", Self.fill("t-3", "0.0001", fee: "-1"), 400, "bad_request", "fee"),
            (
                "/v1/orders/e-2/fills", #"{"fill_id":"t-3","quantity":true,"price":"1","fee":"0"}"#, 400, "bad_request",
                "quantity"
            ),
            ("/v1/orders/e-2/fills", #"{"quantity":"0.0001","price":"1","fee":"0"}"#, 400, "bad_request", "fill_id"),
            ("/v1/orders/e-2/fills", #"{"fill_id":"t-3","quantity":"0.0001","price":"1"}"#, 400, "bad_request", "fee"),
        ]
        for item in cases {
            let reply = try await server.request("POST", item.path, token: trader, body: item.body)
            #expect(reply.status == item.status, "\(item.body): \(reply.body)")
            #expect(reply.json?["error"]?["code"]?.stringValue == item.code, "\(item.body): \(reply.body)")
            if let key = item.key {
                #expect(reply.json?["error"]?["details"]?["key"]?.stringValue == key, "\(item.body): \(reply.body)")
            }
        }
        // Only the first fill was booked; the rest of the reservation is intact.
        let now = try await state(server)
        #expect(now.position == "0.0015")
        #expect(now.external.first?["remaining_quantity"]?.stringValue == "0.0005")
        // An external order needs a client order id to report fills against.
        let noID = try await server.request(
            "POST",
            "/v1/orders",
            token: trader,
            body:
                #"{"bot":"ext","symbol":"BTC/USDT","side":"buy","type":"market","quantity":"0.001","reference_price":"60000","execution":"external"}"#
        )
        #expect(noID.status == 400 && noID.json?["error"]?["details"]?["key"]?.stringValue == "client_order_id")
        await server.stop()
    }

    @Test func aSessionRunsAtCandleTimeApartFromTheServicesState() async throws {
        let server = try await TestServer.start()
        let trader = server.token(.trader)
        let opened = try await server.request(
            "POST",
            "/v1/sessions",
            token: trader,
            body: #"{"starting_balance":"1000"}"#
        )
        #expect(opened.status == 201, "\(opened.body)")
        let id = try #require(opened.json?["session_id"]?.stringValue)
        func order(_ cid: String, _ side: String, at time: String) -> String {
            #"{"bot":"bt","symbol":"BTC/USDT","side":"\#(side)","type":"market","quantity":"0.01","reference_price":"50000","client_order_id":"\#(cid)","time":"\#(time)"}"#
        }
        let buy = try await server.request(
            "POST",
            "/v1/sessions/\(id)/orders",
            token: trader,
            body: order("s-1", "buy", at: "2024-01-01T00:05:00Z")
        )
        #expect(buy.json?["execution"]?["status"]?.stringValue == "reserved", "\(buy.body)")
        #expect(buy.json?["decided_at"]?.stringValue == "2024-01-01T00:05:00Z")
        let filled = try await server.request(
            "POST",
            "/v1/sessions/\(id)/orders/s-1/fills",
            token: trader,
            body: #"{"fill_id":"f-1","quantity":"0.01","price":"50000","fee":"0","time":"2024-01-01T00:05:00Z"}"#
        )
        #expect(filled.json?["order"]?["status"]?.stringValue == "filled", "\(filled.body)")
        let closed = try await server.request("DELETE", "/v1/sessions/\(id)/orders/s-1", token: trader)
        #expect(closed.status == 409 && closed.json?["error"]?["details"]?["status"]?.stringValue == "filled")
        // Back in time: refused, naming the key, nothing changes.
        let back = try await server.request(
            "POST",
            "/v1/sessions/\(id)/orders",
            token: trader,
            body: order("s-2", "sell", at: "2024-01-01T00:00:00Z")
        )
        #expect(back.status == 400 && back.json?["error"]?["details"]?["key"]?.stringValue == "time", "\(back.body)")
        let rampartExecuted = try await server.request(
            "POST",
            "/v1/sessions/\(id)/orders",
            token: trader,
            body:
                #"{"bot":"bt","symbol":"BTC/USDT","side":"buy","type":"market","quantity":"0.01","reference_price":"50000","client_order_id":"s-9","time":"2024-01-01T00:06:00Z","execution":"rampart"}"#
        )
        #expect(rampartExecuted.status == 400, "\(rampartExecuted.body)")
        #expect(rampartExecuted.json?["error"]?["details"]?["key"]?.stringValue == "execution")
        let noTime = try await server.request(
            "POST",
            "/v1/sessions/\(id)/orders",
            token: trader,
            body: Self.external(id: "x")
        )
        #expect(noTime.status == 400 && noTime.json?["error"]?["details"]?["key"]?.stringValue == "time")
        let summary = try await server.request("GET", "/v1/sessions/\(id)", token: trader)
        #expect(summary.json?["allowed"] == .number("1") && summary.json?["denied"] == .number("0"))
        #expect(summary.json?["positions"]?.arrayValue?.first?["quantity"]?.stringValue == "0.01")
        // The service's own state has no trace of it but the session's entry.
        let state = try await server.request("GET", "/v1/state", token: server.token(.ops))
        #expect(state.json?["positions"]?.arrayValue?.isEmpty == true)
        #expect(state.json?["sessions"]?.arrayValue?.first?["session_id"]?.stringValue == id)
        // Another token cannot see it; ending it ends it.
        let other = try server.traderToken(name: "other", bots: "*", accounts: "*")
        #expect(try await server.request("GET", "/v1/sessions/\(id)", token: other).status == 404)
        #expect(try await server.request("DELETE", "/v1/sessions/\(id)", token: trader).status == 200)
        #expect(try await server.request("GET", "/v1/sessions/\(id)", token: trader).status == 404)
        await server.stop()
    }

    @Test func sessionsAreCapped() async throws {
        let server = try await TestServer.start()
        let trader = server.token(.trader)
        var opened: [String] = []
        for _ in 0..<server.server.dependencies.sessions.limit {
            let reply = try await server.request("POST", "/v1/sessions", token: trader, body: "{}")
            #expect(reply.status == 201)
            opened.append(reply.json?["session_id"]?.stringValue ?? "")
        }
        let over = try await server.request("POST", "/v1/sessions", token: trader, body: "{}")
        #expect(over.status == 409 && over.json?["error"]?["code"]?.stringValue == "session_limit")
        let badProfile = try await server.request(
            "POST",
            "/v1/sessions",
            token: trader,
            body: #"{"profile":"../etc/passwd"}"#
        )
        #expect(badProfile.status == 400 && badProfile.json?["error"]?["details"]?["key"]?.stringValue == "profile")
        #expect(try await server.request("DELETE", "/v1/sessions/\(opened[0])", token: trader).status == 200)
        #expect(try await server.request("POST", "/v1/sessions", token: trader, body: "{}").status == 201)
        await server.stop()
    }
}

import Foundation
import RampartJSON
import RampartRules
import RampartService
import RampartStore
import Testing

/// The throttles on a real server on 127.0.0.1 (DESIGN §9): failed authentications per client address, requests
/// per token, each answered 429 with `Retry-After`.
@Suite(.serialized) struct ThrottleServiceTests {
    static let minute = TimeSpan(nanoseconds: 60_000_000_000)

    /// The counter `name` (with its labels, if any) in the server's metrics, 0 when absent.
    static func counter(_ name: String, in server: TestServer) -> Int {
        let text = String(decoding: server.server.dependencies.metrics.exposition(), as: UTF8.self)
        let line = text.split(separator: "\n").first { $0.hasPrefix(name + " ") }
        return line.flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0
    }

    @Test func badTokensGet401ThenTheAddressGets429WithRetryAfterWhileAnAcceptedTokenStillGetsThrough() async throws {
        let server = try await TestServer.start(
            throttling: ThrottleConfiguration(authFailureRate: Rate(count: 5, window: Self.minute), tokenRate: nil)
        )
        let order = TestServer.order(bot: "throttled")
        // The trader's token is accepted once before the flood.
        #expect(
            try await server.request("POST", "/v1/orders/check", token: server.token(.trader), body: order).status
                == 200
        )
        for attempt in 1...5 {
            let reply = try await server.request("POST", "/v1/orders/check", token: TestServer.wrongToken, body: order)
            #expect(reply.status == 401, "attempt \(attempt): \(reply.body)")
        }
        let throttled = try await server.request("POST", "/v1/orders/check", token: TestServer.wrongToken, body: order)
        #expect(throttled.status == 429, "\(throttled.body)")
        #expect(throttled.json?["error"]?["code"]?.stringValue == "auth_throttled")
        let retryAfter = try #require(throttled.headers["retry-after"].flatMap(Int.init), "\(throttled.headers)")
        #expect((1...12).contains(retryAfter))
        #expect(throttled.json?["error"]?["details"]?["retry_after_seconds"] == .number(String(retryAfter)))
        // No token at all is a failure too, refused the same way.
        #expect(try await server.request("GET", "/v1/state").status == 429)
        // The token the service already accepted is let through: it does not spend the address's budget.
        for _ in 1...3 {
            let good = try await server.request("POST", "/v1/orders/check", token: server.token(.trader), body: order)
            #expect(good.status == 200, "\(good.body)")
        }
        // A valid token the service has not seen yet waits like a guess would (it is not looked up).
        #expect(try await server.request("GET", "/v1/state", token: server.token(.ops)).status == 429)
        // Open routes need no token and are never throttled.
        #expect(try await server.request("GET", "/healthz").status == 200)
        #expect(Self.counter("rampart_auth_failures_total", in: server) == 5)
        #expect(Self.counter("rampart_auth_throttled_total", in: server) == 3)
        await server.stop()
    }

    @Test func aTokenOverItsRateGets429WithRetryAfterAndTheEmergencyStopIsNeverRefused() async throws {
        let server = try await TestServer.start(
            throttling: ThrottleConfiguration(authFailureRate: nil, tokenRate: Rate(count: 3, window: Self.minute))
        )
        let order = TestServer.order(bot: "busy")
        for _ in 1...3 {
            #expect(
                try await server.request("POST", "/v1/orders/check", token: server.token(.trader), body: order)
                    .status == 200
            )
        }
        let over = try await server.request("POST", "/v1/orders/check", token: server.token(.trader), body: order)
        #expect(over.status == 429, "\(over.body)")
        #expect(over.json?["error"]?["code"]?.stringValue == "rate_limited")
        let retryAfter = try #require(over.headers["retry-after"].flatMap(Int.init), "\(over.headers)")
        #expect((1...20).contains(retryAfter))
        // Another token has its own bucket.
        #expect(
            try await server.request("POST", "/v1/orders/check", token: server.token(.admin), body: order).status == 200
        )
        // Ops spends its budget, then may still stop everything.
        for _ in 1...3 {
            #expect(try await server.request("GET", "/v1/state", token: server.token(.ops)).status == 200)
        }
        #expect(try await server.request("GET", "/v1/state", token: server.token(.ops)).status == 429)
        let stop = try await server.request("POST", "/v1/emergency-stop", token: server.token(.ops))
        #expect(stop.status == 200, "\(stop.body)")
        #expect(Self.counter(#"rampart_token_throttled_total{token="tina"}"#, in: server) == 1)
        #expect(Self.counter(#"rampart_token_throttled_total{token="oscar"}"#, in: server) == 1)
        await server.stop()
    }
}

import Foundation
import RampartDesk
import RampartJSON
import RampartService
import RampartStore
import Testing

@Suite(.serialized) struct ServiceTests {
    /// A request body that passes validation for each route, so 2xx is reachable.
    static func body(for key: String) -> String? {
        switch key {
        case "POST /v1/orders", "POST /v1/orders/check": TestServer.order(bot: "matrix")
        case "POST /v1/emergency-stop": #"{"scope":"bot:matrix-stop","mode":"halt","reason":"matrix"}"#
        case "POST /v1/resume": #"{"scope":"bot:matrix-stop","confirm":"I UNDERSTAND"}"#
        case "POST /v1/reload": "{}"
        case "POST /v1/orders/{client_order_id}/fills": #"{"fill_id":"f-1","quantity":"1","price":"1","fee":"0"}"#
        case "POST /v1/sessions/{id}/orders", "POST /v1/sessions/{id}/orders/check":
            #"{"bot":"matrix","symbol":"BTC/USDT","side":"buy","type":"market","quantity":"0.001","reference_price":"60000","client_order_id":"m-1","time":"2026-01-05T09:30:00Z"}"#
        case "POST /v1/sessions/{id}/orders/{client_order_id}/fills":
            #"{"fill_id":"f-1","quantity":"1","price":"1","fee":"0","time":"2026-01-05T09:30:00Z"}"#
        default: key.hasPrefix("POST") ? "{}" : nil
        }
    }

    /// Who may call what, written out by hand from docs/api.md (not derived from `RouteTable`, so a wrong policy
    /// there fails here): the status without a token, then as trader, ops and admin. A caller the policy lets in
    /// gets the route's own answer to the body of `body(for:)`: promotion of a bot with no paper record is 409 not
    /// eligible, a confirmation without a nonce 400.
    static let roleMatrix: [(route: String, none: Int, trader: Int, ops: Int, admin: Int)] = [
        ("POST /v1/orders", 401, 200, 403, 200),
        ("POST /v1/orders/check", 401, 200, 403, 200),
        // No order rests under that id: the route's own 404 for whoever may call it.
        ("DELETE /v1/orders/{client_order_id}", 401, 404, 404, 404),
        // No bot-executed order, no session under those ids: the routes' own 404s.
        ("POST /v1/orders/{client_order_id}/fills", 401, 404, 403, 404),
        ("POST /v1/sessions", 401, 201, 403, 201),
        ("GET /v1/sessions/{id}", 401, 404, 403, 404),
        ("DELETE /v1/sessions/{id}", 401, 404, 403, 404),
        ("POST /v1/sessions/{id}/orders", 401, 404, 403, 404),
        ("POST /v1/sessions/{id}/orders/check", 401, 404, 403, 404),
        ("POST /v1/sessions/{id}/orders/{client_order_id}/fills", 401, 404, 403, 404),
        ("DELETE /v1/sessions/{id}/orders/{client_order_id}", 401, 404, 403, 404),
        ("GET /v1/prices", 401, 200, 200, 200),
        ("GET /v1/state", 401, 403, 200, 200),
        ("POST /v1/emergency-stop", 401, 403, 200, 200),
        ("POST /v1/resume", 401, 403, 403, 200),
        ("POST /v1/reload", 401, 403, 200, 200),
        ("GET /v1/profile", 401, 403, 200, 200),
        ("GET /v1/audit", 401, 403, 200, 200),
        ("GET /v1/bots/{id}/eligibility", 401, 403, 200, 200),
        ("POST /v1/bots/{id}/promotion", 401, 403, 403, 409),
        ("POST /v1/bots/{id}/promotion/confirm", 401, 403, 403, 400),
        // The test server runs without --venue-url: nothing to test, 409 no_venue for the admin.
        ("POST /v1/credentials/{venue}/test", 401, 403, 403, 409),
        ("GET /healthz", 200, 200, 200, 200),
        ("GET /readyz", 200, 200, 200, 200),
        ("GET /metrics", 401, 403, 200, 200),
        // Open outside production mode; in production the route is not served (OpenAPIDocumentTests).
        ("GET /openapi.json", 200, 200, 200, 200),
    ]

    @Test func tokenRoleMatrix() async throws {
        #expect(Set(Self.roleMatrix.map(\.route)) == Set(RouteTable.routes.map(\.key)), "a route without a row")
        let server = try await TestServer.start()
        for row in Self.roleMatrix {
            let parts = row.route.split(separator: " ", maxSplits: 1).map(String.init)
            let path = parts[1].replacingOccurrences(of: "{id}", with: "bot-1")
                .replacingOccurrences(of: "{client_order_id}", with: "no-such-order")
                .replacingOccurrences(of: "{venue}", with: "binance")
            let method = parts[0]
            let body = Self.body(for: row.route)
            let none = try await server.request(method, path, body: body)
            #expect(none.status == row.none, "\(row.route) without token: \(none.status) \(none.body)")
            let wrong = try await server.request(method, path, token: TestServer.wrongToken, body: body)
            #expect(wrong.status == row.none, "\(row.route) with an unknown token: \(wrong.status)")
            for (role, expected) in [(Role.trader, row.trader), (.ops, row.ops), (.admin, row.admin)] {
                let reply = try await server.request(method, path, token: server.token(role), body: body)
                #expect(reply.status == expected, "\(row.route) as \(role): \(reply.status) \(reply.body)")
                if reply.status >= 400 { #expect(reply.json?["error"]?["code"]?.stringValue != nil, "\(reply.body)") }
            }
        }
        await server.stop()
    }

    @Test func idempotentOnClientOrderID() async throws {
        let server = try await TestServer.start()
        let body = TestServer.order(bot: "idem", id: "order-42")
        let first = try await server.request("POST", "/v1/orders", token: server.token(.trader), body: body)
        let second = try await server.request("POST", "/v1/orders", token: server.token(.trader), body: body)
        #expect(first.status == 200 && second.status == 200)
        #expect(first.json?["allowed"] == .bool(true))
        #expect(first.json?["replayed"] == .bool(false))
        #expect(second.json?["replayed"] == .bool(true))
        #expect(first.json?["decided_at"] == second.json?["decided_at"])
        let state = try await server.request("GET", "/v1/state", token: server.token(.ops))
        let bots = state.json?["bots"]?.arrayValue ?? []
        #expect(bots.first { $0["bot"]?.stringValue == "idem" }?["open_positions"] == .number("1"))
        let positions = state.json?["positions"]?.arrayValue ?? []
        let idem = positions.first { $0["bot"]?.stringValue == "idem" }
        #expect(idem?["account"]?.stringValue == "default" && idem?["symbol"]?.stringValue == "BTC/USDT")
        #expect(idem?["quantity"]?.stringValue == "0.001")
        #expect(idem?["average_entry"]?.stringValue?.hasPrefix("60") == true)
        await server.stop()
    }

    @Test func badJSONNamesTheKeyAndChangesNothing() async throws {
        let server = try await TestServer.start()
        let bad = #"{"bot":"x","symbol":"BTC/USDT","side":"buy","type":"limit","quantity":true,"price":"1"}"#
        let reply = try await server.request("POST", "/v1/orders", token: server.token(.trader), body: bad)
        #expect(reply.status == 400)
        #expect(reply.json?["error"]?["details"]?["key"]?.stringValue == "quantity")
        let resume = try await server.request(
            "POST",
            "/v1/resume",
            token: server.token(.admin),
            body: #"{"scope":"global","confirm":"yes"}"#
        )
        #expect(resume.status == 400)
        let state = try await server.request("GET", "/v1/state", token: server.token(.ops))
        #expect(state.json?["bots"]?.arrayValue?.isEmpty == true)
        await server.stop()
    }

    @Test func aScopedTraderTokenIsRefusedOutsideItsBotsAndAccountsAndNothingChanges() async throws {
        let server = try await TestServer.start()
        let token = try server.traderToken(name: "grid-runner", bots: "grid-*", accounts: "default")
        func order(bot: String, account: String) -> String {
            #"{"bot":"\#(bot)","account":"\#(account)","symbol":"BTC/USDT","side":"buy","type":"limit","#
                + #""quantity":"0.001","price":"60000","reference_price":"60000"}"#
        }
        for route in ["/v1/orders/check", "/v1/orders"] {
            let inScope = try await server.request(
                "POST",
                route,
                token: token,
                body: order(bot: "grid-1", account: "default")
            )
            #expect(inScope.status == 200, "\(route): \(inScope.body)")
            for (bot, account) in [("scalper-1", "default"), ("grid-1", "x1")] {
                let reply = try await server.request(
                    "POST",
                    route,
                    token: token,
                    body: order(bot: bot, account: account)
                )
                #expect(reply.status == 403, "\(route) \(bot)/\(account): \(reply.body)")
                #expect(reply.json?["error"]?["code"]?.stringValue == "out_of_scope")
            }
        }
        let state = try await server.request("GET", "/v1/state", token: server.token(.ops))
        let bots = state.json?["bots"]?.arrayValue?.compactMap { $0["bot"]?.stringValue }
        let accounts = state.json?["accounts"]?.arrayValue?.compactMap { $0["account"]?.stringValue }
        #expect(bots == ["grid-1"])
        #expect(accounts == ["default"])
        await server.stop()
    }

    @Test func anUndeclaredAccountIsDeniedAndNothingIsFundedOnTheFly() async throws {
        let server = try await TestServer.start()
        for account in ["x1", "x2", "x3"] {
            let body =
                #"{"bot":"b-\#(account)","account":"\#(account)","symbol":"BTC/USDT","side":"buy","type":"limit","#
                + #""quantity":"0.001","price":"60000","reference_price":"60000"}"#
            let reply = try await server.request("POST", "/v1/orders", token: server.token(.trader), body: body)
            #expect(reply.status == 200)
            #expect(reply.json?["allowed"] == .bool(false))
            #expect(reply.json?["violations"]?[0]?["actual"]?.stringValue?.hasPrefix("unknown_account") == true)
        }
        let state = try await server.request("GET", "/v1/state", token: server.token(.ops))
        #expect(state.json?["accounts"]?.arrayValue?.isEmpty == true)
        #expect(state.json?["bots"]?.arrayValue?.isEmpty == true)
        await server.stop()
    }

    @Test func aBodyDeclaredOverTheLimitIs413AtOnce() async throws {
        let server = try await TestServer.start()
        let started = ContinuousClock.now
        let huge = String(repeating: " ", count: 10 * 1024 * 1024)
        let reply = try await server.request("POST", "/v1/orders", token: server.token(.trader), body: huge)
        #expect(reply.status == 413, "\(reply.body)")
        #expect(reply.json?["error"]?["code"]?.stringValue == "body_too_large")
        #expect(ContinuousClock.now - started < .seconds(10))
        await server.stop()
    }

    @Test func aBarePostFromOpsHaltsEverythingAndOnlyAdminResumes() async throws {
        let server = try await TestServer.start()
        let stop = try await server.request("POST", "/v1/emergency-stop", token: server.token(.ops))
        #expect(stop.status == 200, "\(stop.body)")
        #expect(stop.json?["scope"]?.stringValue == "global" && stop.json?["state"]?.stringValue == "HALTED")
        let order = try await server.request(
            "POST",
            "/v1/orders",
            token: server.token(.trader),
            body: TestServer.order(bot: "after-stop")
        )
        #expect(order.json?["allowed"] == .bool(false))
        let resume = #"{"scope":"global","confirm":"I UNDERSTAND"}"#
        #expect(try await server.request("POST", "/v1/resume", token: server.token(.ops), body: resume).status == 403)
        #expect(try await server.request("POST", "/v1/resume", token: server.token(.admin), body: resume).status == 200)
        await server.stop()
    }

    @Test func metricsCountBotsAccountsAndStoppedScopes() async throws {
        let server = try await TestServer.start()
        for bot in ["m-1", "m-2"] {
            let body = TestServer.order(bot: bot)
            #expect(
                try await server.request("POST", "/v1/orders", token: server.token(.trader), body: body).status == 200
            )
        }
        let halt = #"{"scope":"bot:m-2","mode":"halt","reason":"metrics"}"#
        #expect(
            try await server.request("POST", "/v1/emergency-stop", token: server.token(.ops), body: halt).status == 200
        )
        let reduce = #"{"scope":"global","mode":"reduce_only","reason":"metrics"}"#
        let stop = try await server.request("POST", "/v1/emergency-stop", token: server.token(.ops), body: reduce)
        #expect(stop.status == 200, "\(stop.body)")
        let metrics = try await server.request("GET", "/metrics", token: server.token(.ops)).body
        for line in [
            "rampart_known_bots 2.0", "rampart_known_accounts 1.0", "rampart_operator_stopped_scopes 2.0",
            "rampart_global_trading_state 1.0", #"rampart_journal_checkpoints{result="failed"} 0.0"#,
        ] {
            #expect(metrics.contains("\n\(line)\n"), "\(line) in \(metrics)")
        }
        // Two paper orders and two stops, each its own batch: at least four committed transactions.
        let batches = metrics.split(separator: "\n").first { $0.hasPrefix("rampart_journal_batches ") }
        #expect(batches.flatMap { Double($0.split(separator: " ")[1]) }.map { $0 >= 4 } == true, "\(metrics)")
        await server.stop()
    }

    @Test func aNameOutsideTheGrammarIsA400NamingTheKeyAndNeverBecomesState() async throws {
        let server = try await TestServer.start()
        let huge = String(repeating: "b", count: 10_000)
        for route in ["/v1/orders", "/v1/orders/check"] {
            let reply = try await server.request(
                "POST",
                route,
                token: server.token(.trader),
                body: TestServer.order(bot: huge)
            )
            #expect(reply.status == 400, "\(route): \(reply.body)")
            #expect(reply.json?["error"]?["details"]?["key"]?.stringValue == "bot")
        }
        let state = try await server.request("GET", "/v1/state", token: server.token(.ops))
        #expect(state.json?["bots"]?.arrayValue?.isEmpty == true)
        await server.stop()
    }

    @Test func reloadUnderLoadOnlyOldOrNewHash() async throws {
        let server = try await TestServer.start()
        let oldHash = try await server.request("GET", "/v1/profile", token: server.token(.ops)).json?["hash"]?
            .stringValue
        let paper = server.profilesDirectory.appendingPathComponent("paper.yaml")
        try (String(contentsOf: paper, encoding: .utf8) + "\n# reloaded\n").write(
            to: paper,
            atomically: true,
            encoding: .utf8
        )
        let hashes = try await withThrowingTaskGroup(of: [String?].self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var seen: [String?] = []
                    for index in 0..<40 {
                        let reply = try await server.request(
                            "POST",
                            "/v1/orders",
                            token: server.token(.trader),
                            body: TestServer.order(bot: "w\(worker)-\(index)")
                        )
                        #expect(reply.status == 200, "\(reply.body)")
                        seen.append(reply.json?["profile_hash"]?.stringValue)
                    }
                    return seen
                }
            }
            group.addTask {
                let reply = try await server.request("POST", "/v1/reload", token: server.token(.ops), body: "{}")
                #expect(reply.status == 200, "\(reply.body)")
                return []
            }
            var all: [String?] = []
            for try await part in group { all += part }
            return all
        }
        let newHash = try await server.request("GET", "/v1/profile", token: server.token(.ops)).json?["hash"]?
            .stringValue
        #expect(oldHash != nil && newHash != nil && oldHash != newHash)
        #expect(hashes.count == 320)
        #expect(hashes.allSatisfy { $0 == oldHash || $0 == newHash })
        await server.stop()
    }

    @Test func brokenProfileKeepsOldHash() async throws {
        let server = try await TestServer.start()
        let oldHash = try await server.request("GET", "/v1/profile", token: server.token(.ops)).json?["hash"]?
            .stringValue
        let paper = server.profilesDirectory.appendingPathComponent("paper.yaml")
        try (String(contentsOf: paper, encoding: .utf8) + "\nbogus_key: 1\n").write(
            to: paper,
            atomically: true,
            encoding: .utf8
        )
        let reply = try await server.request("POST", "/v1/reload", token: server.token(.ops), body: "{}")
        #expect(reply.status == 422, "\(reply.body)")
        let diagnostics = reply.json?["error"]?["details"]?["diagnostics"]?.arrayValue ?? []
        #expect(!diagnostics.isEmpty)
        #expect(diagnostics.first?["text"]?.stringValue?.contains("paper.yaml:") == true)
        #expect(reply.json?["error"]?["details"]?["profile_hash"]?.stringValue == oldHash)
        let order = try await server.request(
            "POST",
            "/v1/orders/check",
            token: server.token(.trader),
            body: TestServer.order(bot: "b")
        )
        #expect(order.json?["profile_hash"]?.stringValue == oldHash)
        // The failed reload is audited, naming the token that asked.
        let entries = try server.server.dependencies.desk.audit.entries()
        #expect(entries.contains { $0.action == "reload.failed" && $0.actor == "token:oscar" })
        await server.stop()
    }

    @Test func emergencyStopUnderLoadLetsNothingThroughAfterItsResponse() async throws {
        let server = try await TestServer.start()
        let clock = ContinuousClock()
        let (stoppedAt, results) = try await withThrowingTaskGroup(
            of: (ContinuousClock.Instant?, [(ContinuousClock.Instant, Bool)]).self
        ) { group in
            for worker in 0..<6 {
                group.addTask {
                    var seen: [(ContinuousClock.Instant, Bool)] = []
                    for index in 0..<60 {
                        let start = clock.now
                        let reply = try await server.request(
                            "POST",
                            "/v1/orders",
                            token: server.token(.trader),
                            body: TestServer.order(bot: "s\(worker)-\(index)")
                        )
                        #expect(reply.status == 200)
                        seen.append((start, reply.json?["allowed"] == .bool(true)))
                    }
                    return (nil, seen)
                }
            }
            group.addTask {
                try await Task.sleep(for: .milliseconds(150))
                let reply = try await server.request(
                    "POST",
                    "/v1/emergency-stop",
                    token: server.token(.admin),
                    body: #"{"scope":"global","mode":"halt","reason":"test"}"#
                )
                #expect(reply.status == 200)
                return (clock.now, [])
            }
            var stoppedAt: ContinuousClock.Instant?
            var all: [(ContinuousClock.Instant, Bool)] = []
            for try await (stop, part) in group {
                if let stop { stoppedAt = stop }
                all += part
            }
            return (stoppedAt, all)
        }
        let stop = try #require(stoppedAt)
        let after = results.filter { $0.0 > stop }
        #expect(!after.isEmpty, "no order started after the stop; make the load longer")
        #expect(after.allSatisfy { !$0.1 }, "an order that started after the stop response was allowed")
        #expect(results.contains { $0.1 }, "some order before the stop should have been allowed")
        let resume = try await server.request(
            "POST",
            "/v1/resume",
            token: server.token(.admin),
            body: #"{"scope":"global","confirm":"I UNDERSTAND"}"#
        )
        #expect(resume.status == 200)
        await server.stop()
    }
}

import Foundation
import RampartFakeVenue
import RampartRules
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `rampart serve --venue-url` against a Binance-compatible fake venue on 127.0.0.1: live orders are placed once,
/// unknown outcomes are reconciled by client order id, and an order in flight at `kill -9` is settled from the
/// venue's truth after the restart instead of being released (no phantom and no lost position).
@Suite(.serialized) struct ServeLiveEndToEndTests {
    typealias Server = ServeEndToEndTests.Server

    /// A profile with live trading on and eligibility thresholds a fresh bot meets, so the test can promote it.
    static let liveProfile = """
        profile: live-e2e
        extends: base
        description: Live trading on, for the end-to-end test against the fake venue
        flags:
          live_trading: true
        eligibility:
          min_paper_days: 0
          min_win_rate: 0%
          min_profit: 0%
          min_trades: 0

        """

    /// A live buy; each order of the test has its own quantity, so the duplicate-order rule stays out of the way.
    static func order(_ id: String, quantity: String) -> String {
        #"{"bot":"b1","symbol":"BTC/USDT","side":"buy","type":"limit","quantity":"\#(quantity)","price":"100","reference_price":"100","mode":"live","client_order_id":"\#(id)"}"#
    }

    /// A scratch service (see `ServeEndToEndTests.scratchService`) with the live profile and the fake venue's
    /// credentials stored under `binance`.
    static func liveService(
        for venue: FakeVenue
    ) throws
        -> (directory: URL, db: String, environment: [String: String], trader: String, admin: String)
    {
        let service = try ServeEndToEndTests().scratchService()
        try liveProfile.write(
            to: service.directory.appendingPathComponent("profiles/live-e2e.yaml"),
            atomically: true,
            encoding: .utf8
        )
        let stored = try RampartProcess.run(
            ["credentials", "set", "--db", service.db, "--venue", "binance"],
            input: "\(venue.apiKey)\n\(venue.secret)\n",
            environment: service.environment
        )
        guard stored.status == 0 else { throw ServeEndToEndTests.ServerError(log: stored.stderr) }
        return service
    }

    /// `rampart serve` on a live scratch service with the live profile, sending live orders to `venueURL`.
    static func serveLive(
        _ service: (directory: URL, db: String, environment: [String: String], trader: String, admin: String),
        venueURL: String,
        _ arguments: [String] = []
    ) async throws -> Server {
        // The venue's public market data gives the gate its quotes (live orders need a fresh one); BTC/USDT is
        // polled from the start, and the test waits for its first quote.
        let server = try Server(
            db: service.db,
            environment: service.environment,
            directory: service.directory,
            profile: "live-e2e",
            arguments: ["--venue-url", venueURL, "--market-symbols", "BTC/USDT", "--market-poll-ms", "200"] + arguments
        )
        do {
            try await awaitQuote("BTC/USDT", on: server, token: service.trader)
        } catch {
            server.kill()  // never leave a server behind a failed start
            throw error
        }
        return server
    }

    /// Polls `GET /v1/prices` until `symbol` has a quote that is not stale (or 15 s pass).
    static func awaitQuote(_ symbol: String, on server: Server, token: String) async throws {
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            let prices = try await server.request("GET", "/v1/prices", token: token).1
            let quotes = prices["prices"] as? [[String: Any]] ?? []
            if quotes.contains(where: { $0["symbol"] as? String == symbol && $0["stale"] as? Bool == false }) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ServeEndToEndTests.ServerError(log: "no quote for \(symbol) within 15 s")
    }

    /// Polls `GET /v1/state` until no live order is pending (or 15 s pass); returns what is still pending.
    static func settledPendingOrders(on server: Server, admin: String) async throws -> [[String: Any]] {
        let deadline = Date().addingTimeInterval(15)
        while true {
            let state = try await server.request("GET", "/v1/state", token: admin).1
            let pending = state["pending_live_orders"] as? [[String: Any]] ?? []
            if pending.isEmpty || Date() >= deadline { return pending }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// The value of an unlabelled metric in `GET /metrics`.
    static func metric(_ name: String, server: Server, token: String) async throws -> String? {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(server.port)/metrics")!)
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (data, _) = try await URLSession.shared.data(for: request)
        let text = String(decoding: data, as: UTF8.self)
        return text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.map {
            String($0.dropFirst(name.count + 1))
        }
    }

    /// Promotes bot `b1` through the API (request, then confirmation with the nonce and the phrase).
    static func promoteB1(on server: Server, admin: String) async throws {
        let (requested, promotion) = try await server.request("POST", "/v1/bots/b1/promotion", token: admin)
        #expect(requested == 200, "\(promotion)")
        // Typed JSON: counts are numbers, flags are booleans (decimals stay strings).
        #expect(promotion["trades"] is Int, "\(promotion)")
        let nonce = try #require(promotion["nonce"] as? String)
        let (confirmed, answer) = try await server.request(
            "POST",
            "/v1/bots/b1/promotion/confirm",
            token: admin,
            body: #"{"nonce":"\#(nonce)","confirm":"I UNDERSTAND"}"#
        )
        #expect(confirmed == 200)
        #expect(answer["promoted"] as? Bool == true, "\(answer)")
        let (profileStatus, profile) = try await server.request("GET", "/v1/profile", token: admin)
        #expect(profileStatus == 200 && profile["promoted_bots"] as? [String] == ["b1"], "\(profile)")
    }

    @Test func liveOrdersFillRejectReconcileAndSurviveKillNineInFlight() async throws {
        let venue = FakeVenue()
        let venueURL = try await venue.start()
        defer { Task { await venue.stop() } }
        let service = try Self.liveService(for: venue)
        defer { try? FileManager.default.removeItem(at: service.directory) }
        // A recvWindow of 5 s: under the whole suite on 2 cores, a signed request once took over 500 ms to arrive; and
        // a 3 s timeout, which a prompt answer never reaches there (1.5 s did, once), while the slow one below does.
        let arguments = ["--venue-timeout-ms", "3000", "--venue-recv-window-ms", "5000", "--reconcile-interval", "1"]
        let first = try await Self.serveLive(service, venueURL: venueURL, arguments)
        defer { first.kill() }  // killed on purpose below; this covers an early failure

        // Not promoted yet: the gate denies, nothing reaches the venue.
        let (_, denied) = try await first.request(
            "POST",
            "/v1/orders",
            token: service.trader,
            body: Self.order("l-0", quantity: "1")
        )
        #expect(denied["allowed"] as? Bool == false)
        #expect(venue.placeRequests == 0)
        try await Self.promoteB1(on: first, admin: service.admin)

        // 1. Filled by the venue: booked at the venue's price and fee.
        venue.script(.fill(price: "100", commission: "0.1"))
        let (_, filled) = try await first.request(
            "POST",
            "/v1/orders",
            token: service.trader,
            body: Self.order("l-1", quantity: "1")
        )
        let filledExecution = filled["execution"] as? [String: Any] ?? [:]
        #expect(filled["allowed"] as? Bool == true)
        #expect(filledExecution["status"] as? String == "filled", "\(filled)")
        #expect(filledExecution["fee"] as? String == "0.1")

        // 2. Rejected by the venue: released, no position.
        venue.script(.reject(code: -2010, message: "Account has insufficient balance for requested action."))
        let (_, rejected) = try await first.request(
            "POST",
            "/v1/orders",
            token: service.trader,
            body: Self.order("l-2", quantity: "2")
        )
        let rejectedExecution = rejected["execution"] as? [String: Any] ?? [:]
        #expect(rejectedExecution["status"] as? String == "rejected")
        #expect("\(rejectedExecution["reason"] ?? "")".contains("insufficient balance"))

        // 3. Answer slower than the timeout: outcome unknown, reconciled by client order id, booked once.
        venue.script(.delay(.seconds(6), then: .fill(price: "100")))
        let (_, slow) = try await first.request(
            "POST",
            "/v1/orders",
            token: service.trader,
            body: Self.order("l-3", quantity: "0.5")
        )
        #expect((slow["execution"] as? [String: Any])?["status"] as? String == "filled", "\(slow)")
        #expect(venue.statusRequests >= 1)

        // 4. kill -9 while the placement is in flight: the venue fills it, the service never hears back.
        venue.script(.delay(.seconds(30), then: .fill(price: "100")))
        let placedBefore = venue.placeRequests
        let inFlight = Task {
            _ = try? await first.request(
                "POST",
                "/v1/orders",
                token: service.trader,
                body: Self.order("l-4", quantity: "0.25")
            )
        }
        let deadline = Date().addingTimeInterval(10)
        while venue.placeRequests == placedBefore && Date() < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(venue.placeRequests == placedBefore + 1)
        first.kill()
        _ = await inFlight.value
        let stopped = try RampartProcess.run(["state", "--db", service.db], environment: service.environment)
        #expect(stopped.stdout.contains("pending reconciliation"), "\(stopped.stdout)")
        #expect(stopped.stdout.contains("l-4  b1  BTC/USDT  buy 0.25"), "\(stopped.stdout)")

        // After the restart the order is reserved again, then settled from the venue's truth.
        let second = try await Self.serveLive(service, venueURL: venueURL, arguments)
        defer { second.kill() }
        let pending = try await Self.settledPendingOrders(on: second, admin: service.admin)
        #expect(pending.isEmpty, "the in-flight order was reconciled after the restart")
        #expect(venue.position(symbol: "BTCUSDT") == (try FixedDecimal(exactly: "1.75")))
        let state = try RampartProcess.run(["state", "--db", service.db], environment: service.environment)
        #expect(state.stdout.contains("b1  BTC/USDT  1.75"), "\(state.stdout)")
        #expect(!state.stdout.contains("pending reconciliation"))
        // Each order was placed exactly once: l-1, l-2, l-3, l-4.
        #expect(venue.placeRequests == 4)
        // The same client order id again is answered from the journal, never placed a second time.
        let (_, again) = try await second.request(
            "POST",
            "/v1/orders",
            token: service.trader,
            body: Self.order("l-4", quantity: "0.25")
        )
        #expect(again["replayed"] as? Bool == true)
        #expect(venue.placeRequests == 4)
        #expect(venue.authFailures.isEmpty)
        let audit = try RampartProcess.run(["audit", "verify", "--db", service.db], environment: service.environment)
        #expect(audit.status == 0)
    }
}

extension ServeLiveEndToEndTests {
    /// A venue that lists BTC/USDT under another name (`XBTUSDT` in its exchangeInfo) gets the live order under
    /// that name: the market data's mapping by base and quote asset, not base + quote.
    @Test func liveOrdersGoUnderTheVenuesListedName() async throws {
        let venue = FakeVenue()
        venue.market.removeSymbol(venue: "BTCUSDT")
        venue.market.addSymbol(venue: "XBTUSDT", base: "BTC", quote: "USDT")
        venue.market.setQuote(venue: "XBTUSDT", bid: "99.9", ask: "100")
        let venueURL = try await venue.start()
        defer { Task { await venue.stop() } }
        let service = try Self.liveService(for: venue)
        defer { try? FileManager.default.removeItem(at: service.directory) }
        let server = try await Self.serveLive(service, venueURL: venueURL, ["--venue-recv-window-ms", "5000"])
        defer { server.kill() }
        try await Self.promoteB1(on: server, admin: service.admin)
        venue.script(.fill(price: "100", commission: "0.1"))
        let (_, filled) = try await server.request(
            "POST",
            "/v1/orders",
            token: service.trader,
            body: Self.order("x-1", quantity: "1")
        )
        #expect((filled["execution"] as? [String: Any])?["status"] as? String == "filled", "\(filled)")
        #expect(venue.position(symbol: "XBTUSDT") == FixedDecimal(1))
        #expect(venue.position(symbol: "BTCUSDT") == .zero)
    }

    @Test func anUnresolvedOrderStaysReservedAndIsSettledByTheNextReconciliationPass() async throws {
        let venue = FakeVenue()
        let venueURL = try await venue.start()
        defer { Task { await venue.stop() } }
        let service = try Self.liveService(for: venue)
        defer { try? FileManager.default.removeItem(at: service.directory) }
        let server = try await Self.serveLive(
            service,
            venueURL: venueURL,
            ["--venue-timeout-ms", "300", "--venue-recv-window-ms", "500", "--reconcile-interval", "1"]
        )
        defer { server.kill() }
        try await Self.promoteB1(on: server, admin: service.admin)

        // The venue fills the order but answers too late, and every status query fails: the outcome stays unknown.
        venue.failStatusQueries(1_000)
        venue.script(.delay(.seconds(2), then: .fill(price: "100")))
        let (_, answer) = try await server.request(
            "POST",
            "/v1/orders",
            token: service.trader,
            body: Self.order("u-1", quantity: "0.5")
        )
        let execution = answer["execution"] as? [String: Any] ?? [:]
        #expect(execution["status"] as? String == "pending", "\(answer)")
        #expect(execution["client_order_id"] as? String == "u-1")
        let held = try await server.request("GET", "/v1/state", token: service.admin).1
        #expect((held["pending_live_orders"] as? [[String: Any]])?.first?["client_order_id"] as? String == "u-1")
        #expect(
            try await Self.metric("rampart_pending_live_orders", server: server, token: service.admin).flatMap(
                Double.init
            ) == 1
        )
        // The reservation is held: the limits count the order while its fate is unknown.
        let state = try RampartProcess.run(["state", "--db", service.db], environment: service.environment)
        #expect(state.stdout.contains("u-1  b1  BTC/USDT  buy 0.5"), "\(state.stdout)")

        // The venue answers again: the next pass (every second) books the fill.
        venue.failStatusQueries(0)
        #expect(try await Self.settledPendingOrders(on: server, admin: service.admin).isEmpty)
        #expect(
            try await Self.metric("rampart_pending_live_orders", server: server, token: service.admin).flatMap(
                Double.init
            ) == 0
        )
        let settled = try RampartProcess.run(["state", "--db", service.db], environment: service.environment)
        #expect(settled.stdout.contains("b1  BTC/USDT  0.5"), "\(settled.stdout)")
        #expect(!settled.stdout.contains("pending reconciliation"))
        #expect(venue.placeRequests == 1)
    }
}

extension ServeLiveEndToEndTests {
    @Test func aVenueThatCannotBeUsedSafelyStopsTheStart() throws {
        let service = try ServeEndToEndTests().scratchService()
        defer { try? FileManager.default.removeItem(at: service.directory) }
        func serve(_ url: String) throws -> RampartProcess.Result {
            try RampartProcess.run(
                ["serve", "--db", service.db, "--listen", "127.0.0.1:0", "--venue-url", url],
                in: service.directory,
                environment: service.environment
            )
        }
        let plain = try serve("http://venue.example.com")
        #expect(plain.status == 2)
        #expect(plain.stderr.contains("must use https://"), "\(plain.stderr)")
        let noCredentials = try serve("https://testnet.binance.vision")
        #expect(noCredentials.status == 2)
        #expect(noCredentials.stderr.contains("rampart credentials set --venue binance"), "\(noCredentials.stderr)")
    }
}

extension ServeLiveEndToEndTests {
    @Test func aPromotionConfirmedWithTheCLITakesEffectInTheRunningService() async throws {
        let venue = FakeVenue()
        let venueURL = try await venue.start()
        defer { Task { await venue.stop() } }
        let service = try Self.liveService(for: venue)
        defer { try? FileManager.default.removeItem(at: service.directory) }
        let server = try await Self.serveLive(service, venueURL: venueURL)
        defer { server.kill() }
        let (_, before) = try await server.request(
            "POST",
            "/v1/orders/check",
            token: service.trader,
            body: Self.order("c-1", quantity: "1")
        )
        #expect(before["allowed"] as? Bool == false, "not promoted yet")

        let request = try RampartProcess.run(
            ["promote", "request", "--db", service.db, "--profile", "live-e2e", "--bot", "b1"],
            in: service.directory,
            environment: service.environment
        )
        #expect(request.status == 0, "\(request.stderr)")
        let nonce = try #require(request.stdout.firstMatch(of: /nonce[: ]+([0-9a-f]+)/)?.1)
        let confirm = try RampartProcess.run(
            ["promote", "confirm", "--db", service.db, "--bot", "b1", "--nonce", String(nonce)],
            input: "I UNDERSTAND\n",
            environment: service.environment
        )
        #expect(confirm.status == 0, "\(confirm.stderr)")

        var allowed = false
        let deadline = Date().addingTimeInterval(10)
        while !allowed && Date() < deadline {
            try await Task.sleep(for: .milliseconds(200))
            let (_, decision) = try await server.request(
                "POST",
                "/v1/orders/check",
                token: service.trader,
                body: Self.order("c-1", quantity: "1")
            )
            allowed = decision["allowed"] as? Bool == true
        }
        #expect(allowed, "the running service picked up the promotion from the database")
    }
}

import Foundation
import RampartFakeVenue
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `rampart serve --market-data` against a fake Binance public API on 127.0.0.1 (DESIGN §7): the gate judges
/// orders at its own quotes, paper orders fill from the market, limits rest, cancel, and survive `kill -9`.
@Suite(.serialized) struct ServeMarketDataEndToEndTests {
    typealias Server = ServeEndToEndTests.Server

    static func order(_ body: String) -> String { #"{"bot":"b1","symbol":"BTC/USDT",\#(body)}"# }

    /// Polls `GET /v1/state` until `condition` holds (or 10 s pass); returns the last state.
    static func state(
        on server: Server,
        admin: String,
        until condition: ([String: Any]) -> Bool
    ) async throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(10)
        while true {
            let state = try await server.request("GET", "/v1/state", token: admin).1
            if condition(state) || Date() >= deadline { return state }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    @Test func theGateUsesItsOwnPricesAndPaperLimitsRestUntilTheMarketReachesThem() async throws {
        let market = FakeMarket()
        market.addSymbol(
            venue: "BTCUSDT",
            base: "BTC",
            quote: "USDT",
            filters: FakeMarket.Filters(tickSize: "0.01", minQty: "0.00001", stepSize: "0.00001", minNotional: "5")
        )
        market.setQuote(venue: "BTCUSDT", bid: "64990", ask: "65000")
        let url = try await market.start()
        let service = try ServeEndToEndTests().scratchService()
        defer { try? FileManager.default.removeItem(at: service.directory) }
        let arguments = ["--market-data", url, "--market-symbols", "BTC/USDT", "--market-poll-ms", "100"]
        let first = try Server(db: service.db, environment: service.environment, arguments: arguments)
        defer { first.kill() }  // killed on purpose below; this covers an early failure
        try await ServeLiveEndToEndTests.awaitQuote("BTC/USDT", on: first, token: service.trader)

        // The prices route shows the book and a healthy feed.
        let (pricesStatus, prices) = try await first.request("GET", "/v1/prices", token: service.trader)
        let btc = (prices["prices"] as? [[String: Any]])?.first { $0["symbol"] as? String == "BTC/USDT" }
        #expect(pricesStatus == 200 && btc?["bid"] as? String == "64990" && btc?["ask"] as? String == "65000")
        #expect((prices["feed"] as? [String: Any])?["configured"] as? Bool == true)

        // The spoof of issue 10: 5 BTC "worth 1 USDT" is valued at the ask and denied.
        let (_, spoof) = try await first.request(
            "POST",
            "/v1/orders",
            token: service.trader,
            body: Self.order(#""side":"buy","type":"market","quantity":"5","reference_price":"1""#)
        )
        let rules = (spoof["violations"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
        #expect(spoof["allowed"] as? Bool == false)
        #expect(rules.contains("reference-price") && rules.contains("order-notional"))
        #expect(spoof["price_source"] as? String == "market" && spoof["reference_price"] as? String == "65000")

        // A venue filter is validity.
        let (_, tiny) = try await first.request(
            "POST",
            "/v1/orders/check",
            token: service.trader,
            body: Self.order(#""side":"buy","type":"limit","quantity":"0.000015","price":"65000""#)
        )
        let tinyMessage = (tiny["violations"] as? [[String: Any]])?.first?["message"] as? String ?? ""
        #expect(tinyMessage.contains("LOT_SIZE stepSize"), "\(tiny)")

        // A market buy fills at the ask plus slippage, priced by the market.
        let (_, bought) = try await first.request(
            "POST",
            "/v1/orders",
            token: service.trader,
            body: Self.order(#""side":"buy","type":"market","quantity":"0.001","client_order_id":"m-1""#)
        )
        let fill = bought["execution"] as? [String: Any]
        #expect(fill?["status"] as? String == "filled" && fill?["price_source"] as? String == "market", "\(bought)")
        let fillPrice = Decimal(string: fill?["price"] as? String ?? "") ?? 0
        #expect(fillPrice >= 65000 && fillPrice <= 65200)

        // Two limits under the ask rest; one is cancelled, twice.
        for (id, price) in [("r-1", "64900"), ("r-2", "64800")] {
            let (_, rested) = try await first.request(
                "POST",
                "/v1/orders",
                token: service.trader,
                body: Self.order(
                    #""side":"buy","type":"limit","quantity":"0.001","price":"\#(price)","client_order_id":"\#(id)""#
                )
            )
            #expect((rested["execution"] as? [String: Any])?["status"] as? String == "resting", "\(id): \(rested)")
        }
        let (cancelled, _) = try await first.request("DELETE", "/v1/orders/r-2", token: service.trader)
        let (again, gone) = try await first.request("DELETE", "/v1/orders/r-2", token: service.trader)
        #expect(
            cancelled == 200 && again == 404 && (gone["error"] as? [String: Any])?["code"] as? String == "not_resting"
        )
        let resting = try await Self.state(on: first, admin: service.admin) { _ in true }["resting_orders"]
        #expect((resting as? [[String: Any]])?.compactMap { $0["client_order_id"] as? String } == ["r-1"])

        // Metrics: the quote's age per symbol and the resting orders.
        var metricsRequest = URLRequest(url: URL(string: "http://127.0.0.1:\(first.port)/metrics")!)
        metricsRequest.setValue("Bearer \(service.admin)", forHTTPHeaderField: "Authorization")
        let metrics = String(decoding: try await URLSession.shared.data(for: metricsRequest).0, as: UTF8.self)
        #expect(metrics.contains(#"rampart_quote_age_seconds{symbol="BTC/USDT"}"#), "\(metrics)")
        #expect(metrics.contains("rampart_resting_orders 1"))

        // kill -9 with r-1 resting; the restarted service still holds it, and fills it when the ask falls.
        first.kill()
        let second = try Server(db: service.db, environment: service.environment, arguments: arguments)
        defer { second.kill() }
        let rebuilt = try await Self.state(on: second, admin: service.admin) { _ in true }["resting_orders"]
        #expect((rebuilt as? [[String: Any]])?.count == 1)
        market.setQuote(venue: "BTCUSDT", bid: "64880", ask: "64890")
        // The fill is booked once its journal write committed: wait for the position, not only the empty book.
        let filled = try await Self.state(on: second, admin: service.admin) { state in
            (state["resting_orders"] as? [[String: Any]])?.isEmpty == true
                && ((state["positions"] as? [[String: Any]])?.first?["quantity"] as? String) == "0.002"
        }
        #expect((filled["resting_orders"] as? [[String: Any]])?.isEmpty == true)
        let position = (filled["positions"] as? [[String: Any]])?.first
        #expect(position?["quantity"] as? String == "0.002", "\(filled)")
        #expect(position?["market_price"] as? String == "64880")
        #expect(position?["unrealized_pnl"] != nil && !(position?["unrealized_pnl"] is NSNull))
        await market.stop()
    }
}

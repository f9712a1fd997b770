import Logging
import RampartFakeVenue
import RampartRules
import RampartTestSupport
import ServiceLifecycle
import Synchronization
import Testing

@testable import RampartDesk

/// The market data feed against a fake Binance public API, delivering into a real gate.
@Suite struct PriceFeedTests {
    /// A fake market, a gate on a hand-moved clock, and a feed polling one into the other.
    struct Harness: Sendable {
        let market: FakeMarket
        let clock: ManualClock
        let gate: Gate
        let feed: PriceFeed
        let reported: Reports

        /// What `onQuotes` heard, one list per poll that stored quotes.
        var reports: [[String]] { reported.lists.withLock { $0 } }
    }

    /// The symbol lists `onQuotes` was called with.
    final class Reports: Sendable {
        let lists = Mutex<[[String]]>([])
    }

    /// Runs `body` with a fake market listing BTC/USDT as `XBTUSDT` (not base + quote) and ETH/USDT as `ETHUSDT`,
    /// quoting both, and a feed polling them; stops both afterwards.
    func withHarness(
        symbols: [String] = ["BTC/USDT", "ETH/USDT"],
        // Long enough for a loaded CI machine running tests in parallel; the timeout tests pass their own.
        timeout: Duration = .seconds(15),
        baseURL: String? = nil,
        _ body: (Harness) async throws -> Void
    ) async throws {
        let market = FakeMarket()
        market.addSymbol(venue: "XBTUSDT", base: "BTC", quote: "USDT")
        market.addSymbol(venue: "ETHUSDT", base: "ETH", quote: "USDT")
        market.setQuote(venue: "XBTUSDT", bid: "60000.10000000", ask: "60000.20000000")
        market.setQuote(venue: "ETHUSDT", bid: "3000.00000000", ask: "3000.50000000")
        let url = try await market.start()
        let clock = ManualClock()
        let gate = Gate(profile: try TestProfile.compile(), clock: clock.function)
        var logger = Logger(label: "price-feed-test")
        logger.logLevel = .critical
        let reported = Reports()
        let feed = PriceFeed(
            options: PriceFeedOptions(
                baseURL: baseURL ?? url,
                pollInterval: .milliseconds(50),
                timeout: timeout,
                exchangeInfoTimeout: timeout,
                maxBackoff: .milliseconds(400),
                symbols: symbols
            ),
            sink: gate,
            clock: clock.function,
            logger: logger,
            onQuotes: { symbols in reported.lists.withLock { $0.append(symbols) } }
        )
        let harness = Harness(market: market, clock: clock, gate: gate, feed: feed, reported: reported)
        do {
            try await body(harness)
        } catch {
            await feed.shutdown()
            await market.stop()
            throw error
        }
        await feed.shutdown()
        await market.stop()
    }

    @Test func quotesArriveUnderTheBaseQuoteNameTheExchangeInfoGives() async throws {
        try await withHarness { harness in
            await harness.feed.pollOnce()
            let time = harness.clock.now
            #expect(harness.gate.quote(for: "BTC/USDT") == Quote(bid: d("60000.1"), ask: d("60000.2"), time: time))
            #expect(harness.gate.quote(for: "ETH/USDT") == Quote(bid: d("3000"), ask: d("3000.5"), time: time))
            #expect(harness.market.askedSymbols == [["XBTUSDT", "ETHUSDT"]])
            let status = harness.feed.status
            #expect(status.mappedSymbols == 2 && status.lastSuccess == time && status.consecutiveFailures == 0)
            #expect(status.errors.values.allSatisfy { $0 == 0 } && status.errors.count == 7)

            harness.market.setQuote(venue: "XBTUSDT", bid: "61000", ask: "61001")
            harness.clock.advance(.seconds(1))
            await harness.feed.pollOnce()
            #expect(harness.gate.quote(for: "BTC/USDT")?.bid == d("61000"))
            #expect(harness.gate.quote(for: "BTC/USDT")?.time == harness.clock.now)
            #expect(harness.market.exchangeInfoRequests == 1)  // loaded once, not per poll
            #expect(harness.market.bookTickerRequests == 2)
        }
    }

    @Test func symbolsTheGateHasSeenArePolledBesidesTheConfiguredOnes() async throws {
        try await withHarness(symbols: []) { harness in
            await harness.feed.pollOnce()
            #expect(harness.market.bookTickerRequests == 0)  // nothing in use, nothing asked
            _ = harness.gate.submit(order(.buy, "0.01", at: "3000", symbol: "ETH/USDT"))
            await harness.feed.pollOnce()
            #expect(harness.market.askedSymbols == [["ETHUSDT"]])
            #expect(harness.gate.quote(for: "ETH/USDT")?.ask == d("3000.5"))
        }
    }

    @Test func theRequestUsesBinancesURLEncodedJSONArray() {
        #expect(
            BinanceMarketData.bookTickerQuery(["BTCUSDT", "ETHUSDT"]) == "symbols=%5B%22BTCUSDT%22,%22ETHUSDT%22%5D"
        )
    }

    @Test func venueFiltersReachTheGate() async throws {
        try await withHarness { harness in
            harness.market.addSymbol(
                venue: "ETHUSDT",
                base: "ETH",
                quote: "USDT",
                filters: FakeMarket.Filters(
                    maxPrice: "0.00000000",
                    minNotional: "10.00000000",
                    notionalFilterType: "MIN_NOTIONAL"
                )
            )
            await harness.feed.pollOnce()
            let snapshot = harness.gate.snapshot()
            #expect(
                snapshot.venueRules(for: "BTC/USDT")
                    == SymbolRules(
                        venueSymbol: "XBTUSDT",
                        minQuantity: d("0.00001"),
                        maxQuantity: d("9000"),
                        stepSize: d("0.00001"),
                        tickSize: d("0.01"),
                        minPrice: d("0.01"),
                        maxPrice: d("1000000"),
                        minNotional: d("5")
                    )
            )
            let eth = snapshot.venueRules(for: "ETH/USDT")
            #expect(eth?.venueSymbol == "ETHUSDT")
            #expect(eth?.maxPrice == nil)  // zero: not checked, as on Binance
            #expect(eth?.minNotional == d("10"))  // the older MIN_NOTIONAL filter
            #expect(snapshot.venueRules(for: "XBT/USDT") == nil)  // no name cut out of the venue symbol
        }
    }

    @Test func aSymbolWithAnUnreadableFilterIsLeftUnmappedRatherThanUnchecked() async throws {
        try await withHarness { harness in
            harness.market.addSymbol(
                venue: "ETHUSDT",
                base: "ETH",
                quote: "USDT",
                filters: .init(stepSize: "0.000000001")
            )
            await harness.feed.pollOnce()
            let status = harness.feed.status
            #expect(status.mappedSymbols == 1)
            #expect(status.count(of: .malformed) == 1)
            #expect(status.count(of: .unknownSymbol) == 1)  // ETH/USDT is in use but not mapped
            #expect(harness.gate.snapshot().venueRules(for: "ETH/USDT") == nil)
            #expect(harness.gate.quote(for: "ETH/USDT") == nil)
            #expect(harness.gate.quote(for: "BTC/USDT") != nil)
        }
    }

    @Test(
        arguments: [
            ("abc", "60000", PriceFeedErrorKind.malformed),
            ("", "60000", .malformed),
            ("60000.000000001", "60001", .malformed),  // nine decimals: never rounded
            ("6e4", "60001", .malformed),
            ("-1", "60001", .notPositive),
            ("0.00000000", "60001", .notPositive),
            ("60000", "0", .notPositive),
            ("60002", "60001", .crossed),
        ]
    )
    func aBadEntryIsIgnoredAndCountedAndTheHeldQuoteStays(
        bid: String,
        ask: String,
        kind: PriceFeedErrorKind
    )
        async throws
    {
        try await withHarness { harness in
            await harness.feed.pollOnce()
            let held = try #require(harness.gate.quote(for: "BTC/USDT"))
            harness.market.setQuote(venue: "XBTUSDT", bid: bid, ask: ask)
            harness.clock.advance(.seconds(1))
            await harness.feed.pollOnce()
            #expect(harness.gate.quote(for: "BTC/USDT") == held)
            #expect(harness.gate.quote(for: "ETH/USDT")?.time == harness.clock.now)  // the other entry is used
            let status = harness.feed.status
            #expect(status.count(of: kind) == 1)
            #expect(status.errors.values.reduce(0, +) == 1)
            #expect(status.consecutiveFailures == 0)  // the answer itself was sound
            #expect(harness.reports == [["BTC/USDT", "ETH/USDT"], ["ETH/USDT"]])

            harness.clock.advance(.seconds(1))
            await harness.feed.pollOnce()
            #expect(harness.feed.status.count(of: kind) == 2)  // counted every time, logged once
        }
    }

    @Test func anEntryForASymbolNotAskedForIsIgnoredAndCounted() async throws {
        try await withHarness { harness in
            harness.market.addSymbol(venue: "DOGEUSDT", base: "DOGE", quote: "USDT")
            harness.market.addExtraEntry(venue: "DOGEUSDT", bid: "0.1", ask: "0.2")
            harness.market.addExtraEntry(venue: "XBTUSDT", bid: "1", ask: "2")  // a second entry for a symbol
            await harness.feed.pollOnce()
            #expect(harness.gate.quote(for: "DOGE/USDT") == nil)
            #expect(harness.gate.quote(for: "BTC/USDT")?.bid == d("60000.1"))  // the first entry wins
            #expect(harness.feed.status.count(of: .unknownSymbol) == 1)
            #expect(harness.feed.status.count(of: .malformed) == 1)
        }
    }

    @Test func aSymbolInUseTheVenueDoesNotListIsCountedOnceAndNotAskedFor() async throws {
        try await withHarness(symbols: ["BTC/USDT", "SOL/USDT", "XBT/USDT"]) { harness in
            await harness.feed.pollOnce()
            await harness.feed.pollOnce()
            await harness.feed.pollOnce()
            #expect(harness.feed.status.count(of: .unknownSymbol) == 2)
            #expect(harness.market.askedSymbols.allSatisfy { $0 == ["XBTUSDT"] })
            #expect(harness.gate.quote(for: "BTC/USDT") != nil)
        }
    }

    @Test func aSymbolThatIsNotTradingStaysMappedButIsNotPolled() async throws {
        try await withHarness { harness in
            harness.market.addSymbol(venue: "ETHUSDT", base: "ETH", quote: "USDT", status: "BREAK")
            await harness.feed.pollOnce()
            #expect(harness.feed.status.mappedSymbols == 2)
            #expect(harness.gate.snapshot().venueRules(for: "ETH/USDT")?.venueSymbol == "ETHUSDT")
            #expect(harness.market.askedSymbols == [["XBTUSDT"]])
            #expect(harness.gate.quote(for: "ETH/USDT") == nil)
            #expect(harness.feed.status.errors.values.reduce(0, +) == 0)
        }
    }

    @Test func aGarbageBodyIsCountedAndNothingIsStored() async throws {
        try await withHarness { harness in
            harness.market.mode = .garbage
            await harness.feed.pollOnce()
            #expect(harness.feed.status.count(of: .malformed) == 1)  // exchangeInfo
            #expect(harness.feed.status.mappedSymbols == 0)
            #expect(harness.market.bookTickerRequests == 0)  // no mapping, no quotes asked for
            #expect(harness.gate.quote(for: "BTC/USDT") == nil)
            #expect(harness.feed.status.consecutiveFailures == 1)

            harness.market.mode = .normal
            await harness.feed.pollOnce()
            let held = try #require(harness.gate.quote(for: "BTC/USDT"))
            harness.market.mode = .garbage
            harness.clock.advance(.seconds(1))
            await harness.feed.pollOnce()
            #expect(harness.feed.status.count(of: .malformed) == 2)  // bookTicker
            #expect(harness.gate.quote(for: "BTC/USDT") == held)
            #expect(harness.feed.status.lastError?.contains("not JSON") == true)
        }
    }

    @Test func anHTTPErrorIsCountedAndNothingIsStored() async throws {
        try await withHarness { harness in
            harness.market.mode = .down
            await harness.feed.pollOnce()
            await harness.feed.pollOnce()
            let status = harness.feed.status
            #expect(status.count(of: .httpStatus) == 2)
            #expect(status.consecutiveFailures == 2)
            #expect(status.lastSuccess == nil)
            #expect(status.lastError?.contains("503") == true)
            #expect(harness.gate.quote(for: "BTC/USDT") == nil)
            #expect(harness.gate.snapshot().venueRules(for: "BTC/USDT") == nil)

            harness.market.mode = .normal
            await harness.feed.pollOnce()
            #expect(harness.gate.quote(for: "BTC/USDT") != nil)
            #expect(harness.feed.status.consecutiveFailures == 0)
        }
    }

    @Test func aSlowVenueTimesOutWithinTheDeadlineAndQuotesResumeWhenItIsBack() async throws {
        try await withHarness(timeout: .milliseconds(300)) { harness in
            // On a loaded machine the first answer may itself miss the 300 ms deadline: poll until a quote is held.
            for _ in 0..<20 where harness.gate.quote(for: "BTC/USDT") == nil { await harness.feed.pollOnce() }
            let held = try #require(harness.gate.quote(for: "BTC/USDT"))
            let timeoutsBefore = harness.feed.status.count(of: .timeout)
            harness.market.mode = .slow(.seconds(10))
            harness.market.setQuote(venue: "XBTUSDT", bid: "59000", ask: "59001")
            harness.clock.advance(.seconds(1))
            let started = ContinuousClock.now
            await harness.feed.pollOnce()
            let elapsed = ContinuousClock.now - started
            // The venue would answer after 10 s; the poll gives up at its 300 ms deadline (bounded loosely here, as a
            // loaded machine schedules late).
            #expect(elapsed < .seconds(5), "the poll took \(elapsed)")
            #expect(harness.feed.status.count(of: .timeout) == timeoutsBefore + 1)
            #expect(harness.feed.status.consecutiveFailures == 1)
            #expect(harness.gate.quote(for: "BTC/USDT") == held)

            harness.market.mode = .normal
            harness.clock.advance(.seconds(1))
            for _ in 0..<20 where harness.gate.quote(for: "BTC/USDT")?.bid != d("59000") {
                await harness.feed.pollOnce()
            }
            #expect(
                harness.gate.quote(for: "BTC/USDT") == Quote(bid: d("59000"), ask: d("59001"), time: harness.clock.now)
            )
            #expect(harness.feed.status.consecutiveFailures == 0)
        }
    }

    @Test func anUnreachableVenueIsCounted() async throws {
        let closed = FakeMarket()
        let url = try await closed.start()
        await closed.stop()
        try await withHarness(baseURL: url) { harness in
            await harness.feed.pollOnce()
            #expect(harness.feed.status.count(of: .unreachable) == 1)
            #expect(harness.feed.status.consecutiveFailures == 1)
            #expect(harness.gate.quote(for: "BTC/USDT") == nil)
        }
    }

    @Test func aDelistedSymbolReloadsTheExchangeInfo() async throws {
        try await withHarness { harness in
            await harness.feed.pollOnce()
            harness.market.removeSymbol(venue: "ETHUSDT")
            await harness.feed.pollOnce()  // Binance fails the whole request: -1121 Invalid symbol
            #expect(harness.feed.status.count(of: .httpStatus) == 1)
            harness.clock.advance(.seconds(1))
            await harness.feed.pollOnce()
            #expect(harness.market.exchangeInfoRequests == 2)
            #expect(harness.feed.status.count(of: .unknownSymbol) == 1)
            #expect(harness.gate.quote(for: "BTC/USDT")?.time == harness.clock.now)
            #expect(harness.gate.snapshot().venueRules(for: "ETH/USDT") == nil)
        }
    }

    @Test func onQuotesReportsTheSymbolsJustStored() async throws {
        try await withHarness { harness in
            await harness.feed.pollOnce()
            harness.market.setQuote(venue: "ETHUSDT", bid: "abc", ask: "1")
            await harness.feed.pollOnce()
            harness.market.mode = .down
            await harness.feed.pollOnce()
            #expect(harness.reports == [["BTC/USDT", "ETH/USDT"], ["BTC/USDT"]])
        }
    }

    @Test func backOffDoublesFromThePollIntervalUpToTheMaximum() {
        let options = PriceFeedOptions(baseURL: "http://x", pollInterval: .seconds(1), maxBackoff: .seconds(30))
        let delays = (0...7).map { options.delay(afterFailures: $0) }
        #expect(delays == [1, 2, 4, 8, 16, 30, 30, 30].map { Duration.seconds($0) })
    }

    @Test func runPollsUntilGracefulShutdown() async throws {
        try await withHarness { harness in
            let group = ServiceGroup(services: [harness.feed], logger: Logger(label: "price-feed-test"))
            let running = Task { try await group.run() }
            // Generous for a loaded machine; the loop ends as soon as three polls went out.
            let deadline = ContinuousClock.now + .seconds(30)
            while harness.market.bookTickerRequests < 3 && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(harness.market.bookTickerRequests >= 3)
            #expect(harness.gate.quote(for: "BTC/USDT") != nil)
            await group.triggerGracefulShutdown()
            try await running.value
            let requests = harness.market.bookTickerRequests
            try await Task.sleep(for: .milliseconds(200))
            #expect(harness.market.bookTickerRequests == requests)  // stopped
        }
    }
}

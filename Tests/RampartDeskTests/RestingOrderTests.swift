import Foundation
import Logging
import RampartDesk
import RampartExecution
import RampartFakeVenue
import RampartRules
import RampartStore
import RampartTestSupport
import Testing

/// DESIGN §7 through the desk: paper orders fill from the gate's own market data; a limit that is not marketable
/// rests, fills on a later crossing quote, can be cancelled, expires, and survives a restart.
@Suite(.serialized) struct RestingOrderTests {
    /// A desk on a hand-moved clock whose market data comes from a fake Binance public API (BTC/USDT as BTCUSDT).
    struct Scratch {
        let directory: URL
        let auditKey: AuditKey
        let profile: CompiledProfile
        let clock = ManualClock()
        let market = FakeMarket()
        let url: String

        init(restingTTL: TimeSpan = .hours(1)) async throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("resting-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            auditKey = try AuditKey(bytes: (0..<32).map { _ in UInt8.random(in: 0...255) })
            var paper = PaperSettings.exact
            paper.restingTTL = restingTTL
            profile = try TestProfile.compile(paper: paper)
            market.addSymbol(venue: "BTCUSDT", base: "BTC", quote: "USDT")
            market.setQuote(venue: "BTCUSDT", bid: "59990", ask: "60000")
            url = try await market.start()
        }

        /// Opens the desk and loads one round of quotes.
        func open() async throws -> OrderDesk {
            var logger = Logger(label: "resting-test")
            logger.logLevel = .critical
            let configuration = DeskConfiguration(
                databasePath: directory.appendingPathComponent("desk.sqlite").path,
                profile: profile,
                auditKey: auditKey,
                marketData: PriceFeedOptions(
                    baseURL: url,
                    timeout: .seconds(15),  // a loaded machine must not turn a poll into a timeout here
                    exchangeInfoTimeout: .seconds(15),
                    symbols: ["BTC/USDT"]
                ),
                clock: clock.function
            )
            let desk = try await OrderDesk.open(configuration, logger: logger)
            await poll(desk)
            return desk
        }

        /// One feed poll (which also sweeps the symbols it updated); the clock moves on a millisecond first, so
        /// the new quote is newer than anything decided before.
        func poll(_ desk: OrderDesk) async {
            clock.advance(TimeSpan(nanoseconds: 1_000_000))
            await desk.marketFeed?.pollOnce()
            await desk.sweepRestingOrders(symbols: ["BTC/USDT"])
        }

        func remove() async {
            await market.stop()
            try? FileManager.default.removeItem(at: directory)
        }
    }

    func limit(_ side: Side, at price: String, id: String) -> Order {
        Order(
            bot: "bot-1",
            symbol: "BTC/USDT",
            side: side,
            quantity: d("0.01"),
            price: d(price),
            referencePrice: d(price),
            clientOrderID: id
        )
    }

    @Test func aMarketOrderFillsAtTheAskWhateverTheCallerSays() async throws {
        let scratch = try await Scratch()
        let desk = try await scratch.open()
        var order = order(.buy, "0.01", at: "59700", type: .market, id: "m-1")
        order.referencePrice = d("59700")  // 0.5% under the ask: inside the tolerance, still not the fill price
        let outcome = await desk.submit(order)
        guard case .decided(let decision, .filled(let routed)?) = outcome else {
            Issue.record("expected a fill, got \(outcome)")
            return await scratch.remove()
        }
        #expect(decision.priceSource == .market && decision.referencePrice == d("60000"))
        #expect(routed.fill.price == d("60000") && routed.fill.priceSource == .market)
        await scratch.remove()
    }

    @Test func aRestingLimitFillsWhenALaterQuoteCrossesIt() async throws {
        let scratch = try await Scratch()
        let desk = try await scratch.open()
        let outcome = await desk.submit(limit(.buy, at: "59900", id: "r-1"))
        guard case .decided(_, .resting(let resting)?) = outcome else {
            Issue.record("expected a resting order, got \(outcome)")
            return await scratch.remove()
        }
        #expect(resting.permit.order.clientOrderID == "r-1")
        #expect(desk.snapshot().pendingQuantity(bot: "bot-1", symbol: "BTC/USDT") == d("0.01"))
        // The market has not moved: still resting.
        await scratch.poll(desk)
        #expect(await desk.restingOrders().count == 1)
        // The ask falls to 59,880: filled at the limit, the position booked, the reservation gone.
        scratch.market.setQuote(venue: "BTCUSDT", bid: "59870", ask: "59880")
        await scratch.poll(desk)
        #expect(await desk.restingOrders().isEmpty)
        let state = desk.snapshot()
        #expect(state.positionQuantity(bot: "bot-1", symbol: "BTC/USDT") == d("0.01"))
        #expect(state.pendingQuantity(bot: "bot-1", symbol: "BTC/USDT") == .zero)
        #expect(state.openPositions.first?.averageEntry == d("59900"))
        await scratch.remove()
    }

    @Test func aRestingOrderCanBeCancelledOnceAndOnlyInScope() async throws {
        let scratch = try await Scratch()
        let desk = try await scratch.open()
        _ = await desk.submit(limit(.buy, at: "59900", id: "c-1"))
        #expect(await desk.cancel(clientOrderID: "c-1") { _ in false }.isOutOfScope)
        #expect(await desk.restingOrders().count == 1, "an out-of-scope cancel changes nothing")
        guard case .cancelled(let order) = await desk.cancel(clientOrderID: "c-1", permitted: { _ in true }) else {
            Issue.record("expected a cancel")
            return await scratch.remove()
        }
        #expect(order.permit.order.clientOrderID == "c-1")
        #expect(desk.snapshot().pendingQuantity(bot: "bot-1", symbol: "BTC/USDT") == .zero)
        guard case .notResting = await desk.cancel(clientOrderID: "c-1", permitted: { _ in true }) else {
            Issue.record("a second cancel must find nothing")
            return await scratch.remove()
        }
        // A crossing quote later fills nothing.
        scratch.market.setQuote(venue: "BTCUSDT", bid: "59870", ask: "59880")
        await scratch.poll(desk)
        #expect(desk.snapshot().positionQuantity(bot: "bot-1", symbol: "BTC/USDT") == .zero)
        await scratch.remove()
    }

    @Test func aRestingOrderExpiresAfterTheTTL() async throws {
        let scratch = try await Scratch(restingTTL: .minutes(5))
        let desk = try await scratch.open()
        _ = await desk.submit(limit(.buy, at: "59800", id: "e-1"))
        #expect(await desk.restingOrders().count == 1)
        scratch.clock.advance(.minutes(5))
        let swept = await desk.sweepRestingOrders()
        #expect(swept.expired == 1 && swept.filled == 0)
        #expect(await desk.restingOrders().isEmpty)
        #expect(desk.snapshot().pendingQuantity(bot: "bot-1", symbol: "BTC/USDT") == .zero)
        await scratch.remove()
    }

    @Test func aRestingOrderSurvivesARestartAndFillsOnTheNextQuote() async throws {
        let scratch = try await Scratch()
        do {
            let desk = try await scratch.open()
            _ = await desk.submit(limit(.buy, at: "59900", id: "k-1"))
            #expect(await desk.restingOrders().count == 1)
        }
        // The process "dies" here: nothing is released; a new desk opens the same database.
        let reopened = try await scratch.open()
        let rebuilt = await reopened.restingOrders()
        #expect(rebuilt.map { $0.permit.order.clientOrderID } == ["k-1"])
        #expect(reopened.snapshot().pendingQuantity(bot: "bot-1", symbol: "BTC/USDT") == d("0.01"))
        scratch.market.setQuote(venue: "BTCUSDT", bid: "59870", ask: "59880")
        await scratch.poll(reopened)
        #expect(await reopened.restingOrders().isEmpty)
        #expect(reopened.snapshot().positionQuantity(bot: "bot-1", symbol: "BTC/USDT") == d("0.01"))
        await scratch.remove()
    }

    @Test func aStaleQuoteNeverFillsARestingOrder() async throws {
        let scratch = try await Scratch()
        let desk = try await scratch.open()
        _ = await desk.submit(limit(.buy, at: "59900", id: "s-1"))
        // A crossing quote arrives (newer than the order) but is not swept until it is older than max_age (5s).
        scratch.clock.advance(TimeSpan(nanoseconds: 1_000_000))
        desk.gate.updateQuotes([("BTC/USDT", Quote(bid: d("59870"), ask: d("59880"), time: scratch.clock.now))])
        scratch.clock.advance(.seconds(6))
        await desk.sweepRestingOrders()
        #expect(await desk.restingOrders().count == 1)
        await scratch.remove()
    }
}

extension CancelOutcome {
    var isOutOfScope: Bool {
        if case .outOfScope = self { return true }
        return false
    }
}

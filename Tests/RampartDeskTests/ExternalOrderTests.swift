import Foundation
import Logging
import RampartDesk
import RampartFakeVenue
import RampartRules
import RampartStore
import RampartTestSupport
import Testing

/// Bot-executed orders through the desk: fills checked against the gate's market data, idempotent on fill id (also
/// after a restart), released by the bot or by expiry (audited).
@Suite(.serialized) struct ExternalOrderTests {
    /// A desk on a hand-moved clock whose quotes come from a fake Binance public API (BTC/USDT bid 59,990, ask 60,000).
    struct Scratch {
        let directory: URL
        let auditKey: AuditKey
        let profile: CompiledProfile
        let clock = ManualClock()
        let market = FakeMarket()
        let url: String

        init() async throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("external-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            auditKey = try AuditKey(bytes: (0..<32).map { _ in UInt8.random(in: 0...255) })
            profile = try TestProfile.compile([.marketTolerance: .percent(Percent(d("1")))], paper: .exact)
            market.addSymbol(venue: "BTCUSDT", base: "BTC", quote: "USDT")
            market.setQuote(venue: "BTCUSDT", bid: "59990", ask: "60000")
            url = try await market.start()
        }

        func open(externalTTL: Duration = .seconds(3600)) async throws -> OrderDesk {
            var logger = Logger(label: "external-test")
            logger.logLevel = .critical
            var configuration = DeskConfiguration(
                databasePath: directory.appendingPathComponent("desk.sqlite").path,
                profile: profile,
                auditKey: auditKey,
                marketData: PriceFeedOptions(
                    baseURL: url,
                    timeout: .seconds(15),
                    exchangeInfoTimeout: .seconds(15),
                    symbols: ["BTC/USDT"]
                ),
                clock: clock.function
            )
            configuration.externalTTL = externalTTL
            let desk = try await OrderDesk.open(configuration, logger: logger)
            clock.advance(TimeSpan(nanoseconds: 1_000_000))
            await desk.marketFeed?.pollOnce()
            return desk
        }

        func remove() async {
            await market.stop()
            try? FileManager.default.removeItem(at: directory)
        }
    }

    static let buy = Order(
        bot: "bot-1",
        symbol: "BTC/USDT",
        side: .buy,
        type: .market,
        quantity: d("0.01"),
        referencePrice: d("60000"),
        clientOrderID: "ext-1"
    )

    func reserve(_ desk: OrderDesk) async throws -> ExternalOrder {
        let outcome = await desk.submit(Self.buy, execution: .external)
        guard case .reserved(let decision, let reserved) = outcome else {
            throw TestFailure("expected a reservation, got \(outcome)")
        }
        #expect(decision.priceSource == .market)
        return reserved
    }

    func fill(
        _ desk: OrderDesk,
        _ id: String,
        _ quantity: String,
        at price: String
    ) async
        -> Result<ExternalFillReport, ExternalOrderError>
    {
        await desk.reportFill(
            clientOrderID: "ext-1",
            fillID: id,
            fill: Fill(quantity: d(quantity), price: d(price), fee: d("0.01")),
            permitted: { _ in true }
        )
    }

    @Test func fillsAreCheckedAgainstTheMarketAndOnlyCheckedOnesCountAsMarketPriced() async throws {
        let scratch = try await Scratch()
        let desk = try await scratch.open()
        let reserved = try await reserve(desk)
        #expect(reserved.remaining == d("0.01"))
        #expect(desk.snapshot().pendingQuantity(bot: "bot-1", symbol: "BTC/USDT") == d("0.01"))

        let near = try await fill(desk, "t-1", "0.004", at: "60100").get()  // 0.17% off the ask
        #expect(near.priceCheck == .ok && near.fill.priceSource == .market && near.marketPrice == d("60000"))
        let far = try await fill(desk, "t-2", "0.004", at: "61000").get()  // 1.67% off
        #expect(far.priceCheck == .offMarket && far.fill.priceSource == .caller)
        #expect(far.remaining == d("0.002"))
        // No fresh quote: unchecked.
        scratch.clock.advance(.minutes(1))
        let stale = try await fill(desk, "t-3", "0.002", at: "60000").get()
        #expect(stale.priceCheck == .unchecked && stale.remaining == .zero)
        #expect(await desk.externalOrders().isEmpty)
        #expect(desk.snapshot().positionQuantity(bot: "bot-1", symbol: "BTC/USDT") == d("0.01"))
        #expect(desk.snapshot().pendingQuantity(bot: "bot-1", symbol: "BTC/USDT") == .zero)
        // Filled in full: another fill is refused, a repeated one answers its first booking.
        guard case .failure(.closed(_, let status)) = await fill(desk, "t-4", "0.001", at: "60000") else {
            Issue.record("a fill of a filled order must be refused")
            return await scratch.remove()
        }
        #expect(status == "filled")
        let again = try await fill(desk, "t-2", "0.004", at: "61000").get()
        #expect(again.replayed && again.priceCheck == .offMarket)
        await scratch.remove()
    }

    @Test func aRepeatedFillIDIsBookedOnceAlsoAfterARestart() async throws {
        let scratch = try await Scratch()
        let desk = try await scratch.open()
        _ = try await reserve(desk)
        let first = try await fill(desk, "t-1", "0.004", at: "60000").get()
        let second = try await fill(desk, "t-1", "0.004", at: "60000").get()
        #expect(!first.replayed && second.replayed && second.filled == d("0.004"))
        guard case .failure(.fillIDConflict) = await fill(desk, "t-1", "0.005", at: "60000") else {
            Issue.record("the same fill id with other numbers must conflict")
            return await scratch.remove()
        }
        #expect(desk.snapshot().positionQuantity(bot: "bot-1", symbol: "BTC/USDT") == d("0.004"))
        let reopened = try await scratch.open()
        #expect(await reopened.externalOrders().map(\.filled) == [d("0.004")])
        let replayed = try await fill(reopened, "t-1", "0.004", at: "60000").get()
        #expect(replayed.replayed)
        #expect(reopened.snapshot().positionQuantity(bot: "bot-1", symbol: "BTC/USDT") == d("0.004"))
        #expect(reopened.snapshot().pendingQuantity(bot: "bot-1", symbol: "BTC/USDT") == d("0.006"))
        guard
            case .failure(.exceedsReservation(_, let remaining, _)) = await fill(reopened, "t-2", "0.007", at: "60000")
        else {
            Issue.record("a fill above the rest must be refused")
            return await scratch.remove()
        }
        #expect(remaining == d("0.006"))
        await scratch.remove()
    }

    @Test func theBotReleasesTheRestOrItExpiresAndIsAudited() async throws {
        let scratch = try await Scratch()
        let desk = try await scratch.open(externalTTL: .seconds(600))
        _ = try await reserve(desk)
        _ = try await fill(desk, "t-1", "0.004", at: "60000").get()
        guard case .failure(.outOfScope) = await desk.releaseExternal(clientOrderID: "ext-1", permitted: { _ in false })
        else {
            Issue.record("an out-of-scope release must be refused")
            return await scratch.remove()
        }
        let released = try await desk.releaseExternal(clientOrderID: "ext-1", permitted: { _ in true }).get()
        #expect(released.filled == d("0.004") && released.remaining == d("0.006"))
        #expect(desk.snapshot().pendingQuantity(bot: "bot-1", symbol: "BTC/USDT") == .zero)

        var second = Self.buy
        second.clientOrderID = "ext-2"
        second.quantity = d("0.005")
        guard case .reserved = await desk.submit(second, execution: .external) else {
            Issue.record("the second order was not reserved")
            return await scratch.remove()
        }
        scratch.clock.advance(.minutes(9))
        #expect(await desk.expireExternalOrders() == 0)
        scratch.clock.advance(.minutes(2))
        #expect(await desk.expireExternalOrders() == 1)
        #expect(desk.snapshot().pendingQuantity(bot: "bot-1", symbol: "BTC/USDT") == .zero)
        let audited = try desk.audit.entries().filter { $0.action == "external.expired" }
        #expect(audited.count == 1 && audited.first?.details.contains("client_order_id=ext-2") == true)
        await scratch.remove()
    }
}

/// A failed expectation with a message, thrown to stop a test.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

import Logging
import RampartRules
import RampartStore
import RampartTestSupport
import Testing

@testable import RampartDesk

/// The promotions table is the durable record: `PromotionSync` makes the gate's promoted bots equal to it.
@Suite struct PromotionSyncTests {
    @Test func theGateFollowsThePromotionsTableBothWays() async throws {
        let scratch = try OrderDeskTests.Scratch()
        defer { scratch.remove() }
        let desk = try await scratch.open()
        let promotions = desk.promotions.promotions
        let gate = desk.promotions.gate
        var logger = Logger(label: "promotion-sync-test")
        logger.logLevel = .critical
        let sync = PromotionSync(promotions: promotions, gate: gate, interval: .seconds(1), logger: logger)

        let now = desk.now
        let record = PaperRecord(
            firstTrade: Timestamp(nanoseconds: now.nanoseconds - 30 * Timestamp.nanosecondsPerDay),
            lastTrade: now,
            closedTrades: 50,
            wins: 30,
            netPnL: FixedDecimal(500),
            startingBalance: FixedDecimal(10_000)
        )
        let thresholds = EligibilityThresholds(
            minPaperDays: 7,
            minWinRate: Percent(FixedDecimal(52)),
            minProfit: Percent(FixedDecimal(3)),
            minTrades: 25
        )
        let request = try promotions.request(bot: "in-table", record: record, thresholds: thresholds, actor: "test")
        try promotions.confirm(bot: "in-table", nonce: request.nonce, phrase: "I UNDERSTAND", actor: "test")
        gate.setPromoted(true, bot: "memory-only")
        #expect(gate.promotedBots() == ["memory-only"])

        sync.syncOnce()
        #expect(gate.promotedBots() == ["in-table"])
        #expect(gate.isPromoted(bot: "in-table") && !gate.isPromoted(bot: "memory-only"))
    }
}

import Foundation
import GRDB
import RampartRules
import RampartTestSupport
import Testing

@testable import RampartStore

@Suite("Journal: price sources of decisions and fills, and the journal-v3 migration")
struct MarketPriceJournalTests {
    let profile: CompiledProfile
    let clock = ManualClock()

    init() throws { profile = try TestProfile.compile([.marketRequire: .quoteRequirement(.none)]) }

    @Test("the decision's price source and reference price are in its journal row and its lookup")
    func decisionPricingIsJournaled() async throws {
        let temporary = try TemporaryStore()
        let gate = try DurableGate.open(store: temporary.store, profile: profile, clock: clock.function)
        let byCaller = await gate.submit(order(.buy, "1", at: "100", reference: "100.5", id: "caller"))
        gate.updateQuotes([("BTC/USDT", Quote(bid: d("101.5"), ask: d("101.75"), time: clock.now))])
        clock.advance(.seconds(3))
        let byMarket = await gate.submit(order(.buy, "1", at: "101.75", reference: "101.75", id: "market"))
        let denied = await gate.submit(order(.buy, "50", at: "101.75", id: "denied"))
        #expect(byCaller.allowed && byMarket.allowed && !denied.allowed)
        #expect(byCaller.decision?.priceSource == .caller && byMarket.decision?.priceSource == .market)
        #expect(byMarket.decision?.referencePrice == d("101.75"), "a buy is judged at the ask")

        let rows = try temporary.store.database.read { db in
            try Row.fetchAll(db, sql: "SELECT price_source, market_price FROM journal_orders ORDER BY sequence")
        }
        let decisions = [byCaller, byMarket, denied].map(\.decision)
        #expect(rows.map { $0["price_source"] as String? } == decisions.map { $0?.priceSource?.description })
        #expect(rows.map { $0["market_price"] as String? } == decisions.map { $0?.referencePrice?.description })
        #expect(rows.prefix(2).map { $0["price_source"] as String? } == ["caller", "market"])
        #expect(rows.prefix(2).map { $0["market_price"] as String? } == ["100.5", "101.75"])

        let caller = try #require(try gate.journaledDecision(clientOrderID: "caller"))
        #expect(caller.priceSource == .caller && caller.marketPrice == d("100.5"))
        let market = try #require(try gate.journaledDecision(clientOrderID: "market"))
        #expect(market.priceSource == .market && market.marketPrice == d("101.75"))
    }

    @Test("a storage denial journals no price")
    func storageDenialHasNoPrice() async throws {
        let temporary = try TemporaryStore()
        let gate = try DurableGate.open(
            store: temporary.store,
            profile: profile,
            clock: clock.function,
            logger: nil,
            fault: { write in if write == 1 { throw InjectedFault(write: write) } }
        )
        _ = await gate.submit(order(.buy, "1", at: "100"))  // write 1 fails: the gate closes
        let probe = await gate.submit(order(.buy, "1", at: "100", id: "probe"))  // denied by storage, journaled
        #expect(probe.ruleIDs == [JournaledDecision.storageRule])
        let record = try #require(try gate.journaledDecision(clientOrderID: "probe"))
        #expect(record.priceSource == nil && record.marketPrice == nil)
    }

    @Test("each fill's price source survives a restart, so the caller-priced count does")
    func fillPriceSourcesSurviveRestart() async throws {
        let temporary = try TemporaryStore()
        let gate = try DurableGate.open(store: temporary.store, profile: profile, clock: clock.function)
        for (index, source) in [PriceSource.caller, .market, .caller, .market].enumerated() {
            clock.advance(.seconds(5))
            let side: Side = index % 2 == 0 ? .buy : .sell
            let permit = try #require(await gate.submit(order(side, "1", at: "100")).permit)
            try await gate.commit(permit, fill: Fill(quantity: d("1"), price: d("100"), priceSource: source))
        }
        let before = gate.snapshot().paperRecord(ofBot: "bot-1", now: clock.now, startingBalance: d("10000"))
        #expect(before.callerPricedFills == 2)
        let sources = try await temporary.store.database.read { db in
            try String.fetchAll(db, sql: "SELECT price_source FROM journal_fills ORDER BY sequence")
        }
        #expect(sources == ["caller", "market", "caller", "market"])

        let reopened = try DurableGate.open(store: temporary.store, profile: profile, clock: clock.function)
        let after = reopened.snapshot().paperRecord(ofBot: "bot-1", now: clock.now, startingBalance: d("10000"))
        #expect(after.callerPricedFills == 2)
        #expect(after == before)
    }

    @Test("an unreadable price source is a corrupt row, not a guess")
    func corruptPriceSourceIsReported() async throws {
        let temporary = try TemporaryStore()
        let gate = try DurableGate.open(store: temporary.store, profile: profile, clock: clock.function)
        let filled = try await gate.fill(order(.buy, "1", at: "100", id: "f"))
        let fillSequence = try #require(filled.sequence) + 1
        try await temporary.store.database.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
            defer { try? db.execute(sql: "PRAGMA ignore_check_constraints = OFF") }
            try db.execute(sql: "UPDATE journal_fills SET price_source = 'guessed'")
        }
        let fillError = #expect(throws: JournalError.self) {
            _ = try DurableGate.open(store: temporary.store, profile: profile, clock: clock.function)
        }
        guard case .corruptRow(table: "journal_fills", sequence: fillSequence, let reason)? = fillError else {
            Issue.record("expected a corrupt journal_fills row, got \(String(describing: fillError))")
            return
        }
        #expect(reason.contains("price_source") && reason.contains("guessed"))
        // The fill's source is readable again; now the order's is not.
        try await temporary.store.database.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
            defer { try? db.execute(sql: "PRAGMA ignore_check_constraints = OFF") }
            try db.execute(sql: "UPDATE journal_fills SET price_source = 'market'")
            try db.execute(sql: "UPDATE journal_orders SET price_source = 'guessed'")
        }
        let error = #expect(throws: JournalError.self) { _ = try gate.journaledDecision(clientOrderID: "f") }
        guard case .corruptRow(table: "journal_orders", sequence: filled.sequence, _)? = error else {
            Issue.record("expected a corrupt journal_orders row, got \(String(describing: error))")
            return
        }
    }

    @Test("a journal written before journal-v3 migrates; its fills read back as caller-priced")
    func previousSchemaMigrates() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rampart-v2-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("journal.sqlite").path
        try writePreviousJournal(at: path)

        let store = try Store(path: path)
        let applied = try await store.database.read { db in try Store.migrator.appliedIdentifiers(db) }
        #expect(applied.contains("journal-v3-market-prices"))
        let gate = try DurableGate.open(store: store, profile: profile, clock: clock.function)
        let record = gate.snapshot().paperRecord(ofBot: "bot-1", now: clock.now, startingBalance: d("10000"))
        #expect(record.closedTrades == 1 && record.callerPricedFills == 2)
        #expect(gate.snapshot().pendingQuantity(bot: "bot-1", symbol: "BTC/USDT") == .zero)
        #expect(gate.recoveredRestingOrders.isEmpty)
        let (fills, orders, releases) = try store.database.read { db in
            (
                try String.fetchAll(db, sql: "SELECT price_source FROM journal_fills"),
                try Row.fetchAll(db, sql: "SELECT price_source, market_price FROM journal_orders"),
                try String.fetchAll(db, sql: "SELECT reason FROM journal_releases")
            )
        }
        #expect(fills == ["caller", "caller"])
        #expect(orders.allSatisfy { ($0["price_source"] as String?) == nil && ($0["market_price"] as String?) == nil })
        #expect(releases == ["recovered"], "the old open paper order is released as before")
        let old = try #require(try gate.journaledDecision(clientOrderID: "old-1"))
        #expect(old.allowed && old.priceSource == nil && old.marketPrice == nil)

        // New rows carry their sources.
        clock.advance(.minutes(1))
        try await gate.fill(order(.buy, "1", at: "100", id: "new-1"))
        let reopened = try DurableGate.open(store: store, profile: profile, clock: clock.function)
        let again = reopened.snapshot().paperRecord(ofBot: "bot-1", now: clock.now, startingBalance: d("10000"))
        #expect(again.callerPricedFills == 2, "the new fill was priced from the market")
    }

    /// A journal as the previous schema (journal-v1, journal-v2) wrote it: a paper round trip, each fill priced from
    /// the caller's numbers, and one order left open.
    func writePreviousJournal(at path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try Store.migrator.migrate(queue, upTo: "journal-v2-client-order-id")
        let start = clock.now.nanoseconds
        try queue.write { db in
            let orders: [(Int64, String, String, String?)] = [
                (1, "buy", "opening", "old-1"), (3, "sell", "reducing", "old-2"), (5, "buy", "opening", "old-3"),
            ]
            for (sequence, side, effect, id) in orders {
                try db.execute(
                    sql: """
                        INSERT INTO journal_orders (sequence, time, bot, account, symbol, side, type, quantity, price,
                        reference_price, mode, client_order_id, allowed, profile_hash, rule_ids, effect)
                        VALUES (?, ?, 'bot-1', 'default', 'BTC/USDT', ?, 'limit', '1', '100', '100', 'paper', ?, 1,
                        'old-hash', '', ?)
                        """,
                    arguments: [sequence, start + sequence, side, id, effect]
                )
            }
            for (sequence, order, price) in [(2, 1, "100"), (4, 3, "110")] as [(Int64, Int64, String)] {
                try db.execute(
                    sql: """
                        INSERT INTO journal_fills (sequence, order_sequence, time, quantity, price, fee, realized_pnl)
                        VALUES (?, ?, ?, '1', ?, '0', '0')
                        """,
                    arguments: [sequence, order, start + sequence, price]
                )
            }
        }
        try queue.close()
    }
}

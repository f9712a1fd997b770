import Foundation
import GRDB
import RampartRules
import RampartTestSupport
import Testing

@testable import RampartStore

/// The journal's indexes (journal-v8): only what a query reads, so a paper order's write stays small.
@Suite struct JournalSchemaTests {
    let profile: CompiledProfile
    let clock = ManualClock()

    init() throws { profile = try TestProfile.compile([.marketRequire: .quoteRequirement(.none)]) }

    /// The indexes SQLite holds on `table`, by name, with the SQL that made them (nil for automatic ones).
    func indexes(on table: String, in store: Store) throws -> [String: String?] {
        try store.database.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?",
                arguments: [table]
            )
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["name"] as String, $0["sql"] as String?) })
        }
    }

    /// How SQLite would run `sql`: the detail column of `EXPLAIN QUERY PLAN`.
    func plan(_ sql: String, in store: Store) throws -> String {
        try store.database.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: ["o-1"])
                .map { $0["detail"] as String }.joined(separator: "; ")
        }
    }

    @Test func ordersKeepOnlyThePartialClientOrderIDIndex() throws {
        let temporary = try TemporaryStore()
        let orders = try indexes(on: "journal_orders", in: temporary.store)
        #expect(orders["journal_orders_time"] == nil, "no query reads orders by time")
        let clientIDs = try #require(orders["journal_orders_client_order_id"] ?? nil)
        #expect(clientIDs.contains("WHERE client_order_id IS NOT NULL"), "orders without a client id stay out")
        // The fills' index by order stays: a repeated client order id reads its order's fills through it.
        #expect(try indexes(on: "journal_fills", in: temporary.store)["journal_fills_order"] != nil)
    }

    @Test func clientOrderIDLookupsUseThePartialIndex() throws {
        let temporary = try TemporaryStore()
        for sql in [
            "SELECT sequence FROM journal_orders WHERE client_order_id = ? AND allowed = 1 LIMIT 1",
            "SELECT sequence FROM journal_orders WHERE client_order_id = ? AND (allowed = 1 OR rule_ids != 'storage')",
            "SELECT o.sequence FROM journal_orders o WHERE o.client_order_id = ? ORDER BY o.sequence LIMIT 1",
        ] {
            let detail = try plan(sql, in: temporary.store)
            #expect(detail.contains("INDEX journal_orders_client_order_id (client_order_id=?)"), "\(sql): \(detail)")
        }
    }

    @Test func aJournalFromBeforeMigratesAndItsClientOrderIDsAreStillFound() async throws {
        let temporary = try TemporaryStore()  // its directory, removed with it, holds the older journal too
        let path = temporary.directory.appendingPathComponent("v7.sqlite").path
        do {
            // A journal the schema before journal-v8 wrote: one order with a client order id, one without.
            let queue = try DatabaseQueue(path: path)
            try Store.migrator.migrate(queue, upTo: "journal-v7-snapshot-parts")
            try await queue.write { db in
                for (sequence, id) in [(1, "o-1"), (2, nil)] as [(Int64, String?)] {
                    try db.execute(
                        sql: """
                            INSERT INTO journal_orders (sequence, time, bot, account, symbol, side, type, quantity,
                            price, mode, client_order_id, allowed, profile_hash, rule_ids, effect)
                            VALUES (?, ?, 'bot-1', 'default', 'BTC/USDT', 'buy', 'limit', '1', '100', 'paper', ?, 1,
                            'old', '', 'opening')
                            """,
                        arguments: [sequence, clock.now.nanoseconds, id]
                    )
                }
            }
        }
        let store = try Store(path: path)
        let applied = try await store.database.read { db in try Store.migrator.appliedIdentifiers(db) }
        #expect(applied.contains("journal-v8-lean-indexes"))
        let gate = try DurableGate.open(store: store, profile: profile, clock: clock.function)
        #expect(try gate.journaledSequence(of: "o-1", allowedOnly: true) == 1)
        #expect(try gate.journaledSequence(of: "o-2", allowedOnly: false) == nil)
        #expect(try gate.journaledDecision(clientOrderID: "o-1")?.allowed == true)
        #expect(try indexes(on: "journal_orders", in: store)["journal_orders_time"] == nil)
    }
}

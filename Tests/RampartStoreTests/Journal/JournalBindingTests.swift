import GRDB
import RampartRules
import RampartTestSupport
import Testing

@testable import RampartStore

/// Journal rows bound straight to SQLite (`JournalBinding`): every column reads back as bound, and a failed insert
/// throws with SQLite's reason and leaves the statement usable.
@Suite struct JournalBindingTests {
    @Test func anOrderRowReadsBackAsBoundAndADuplicateSaysWhy() async throws {
        let temporary = try TemporaryStore()
        _ = try DurableGate.open(
            store: temporary.store,
            profile: try TestProfile.compile(),
            clock: ManualClock().function
        )
        var sample = order(.sell, "0.00012", at: "65100.25", reference: "65000", id: "")
        sample.stopLoss = d("70000.5")
        let row = OrderRow(
            sequence: 1,
            time: Timestamp(nanoseconds: -5),
            order: sample,
            allowed: true,
            profileHash: "hash",
            ruleIDs: "",
            effect: .opening,
            priceSource: .market,
            marketPrice: d("-0.00000001")
        )
        try await temporary.store.database.write { db in try JournalEntry.order(row).insert(into: db) }
        let read = try temporary.store.database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM journal_orders WHERE sequence = 1")
        }
        let columns = try #require(read)
        #expect(columns["time"] as Int64? == -5 && columns["allowed"] as Int64? == 1)
        #expect(columns["bot"] as String? == "bot-1" && columns["side"] as String? == "sell")
        #expect(columns["quantity"] as String? == "0.00012" && columns["price"] as String? == "65100.25")
        #expect(columns["reference_price"] as String? == "65000" && columns["stop_loss"] as String? == "70000.5")
        #expect(columns["take_profit"] as String? == nil && columns["findings"] as String? == nil)
        // Empty texts are texts, not NULL (`rule_ids` is NOT NULL).
        #expect(columns["client_order_id"] as String? == "" && columns["rule_ids"] as String? == "")
        #expect(columns["market_price"] as String? == "-0.00000001" && columns["effect"] as String? == "opening")

        await #expect(throws: DatabaseError.self) {
            try await temporary.store.database.write { db in try JournalEntry.order(row).insert(into: db) }
        }
        do {
            try await temporary.store.database.write { db in try JournalEntry.order(row).insert(into: db) }
        } catch let error as DatabaseError {
            #expect(error.message?.contains("UNIQUE constraint failed: journal_orders.sequence") == true)
        }
        let next = OrderRow(
            sequence: 2,
            time: row.time,
            order: row.order,
            allowed: false,
            profileHash: "hash",
            ruleIDs: "max_order_notional",
            effect: nil,
            priceSource: nil,
            marketPrice: nil
        )
        try await temporary.store.database.write { db in try JournalEntry.order(next).insert(into: db) }
        let count = try await temporary.store.database.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM journal_orders")
        }
        #expect(count == 2)
    }
}

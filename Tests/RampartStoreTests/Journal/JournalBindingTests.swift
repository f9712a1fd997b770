import GRDB
import GRDBSQLite
import RampartRules
import RampartTestSupport
import Testing

@testable import RampartStore

/// Journal rows bound straight to SQLite (`JournalBinding`): every column reads back as bound, and a failed insert
/// throws with SQLite's reason and leaves the statement usable.
@Suite struct JournalBindingTests {
    /// A fresh store with the journal's tables (a durable gate opened on it).
    func journaledStore() throws -> TemporaryStore {
        let temporary = try TemporaryStore()
        _ = try DurableGate.open(
            store: temporary.store,
            profile: try TestProfile.compile(),
            clock: ManualClock().function
        )
        return temporary
    }

    /// A decided order's row with `ruleIDs` and `findings` as given.
    func row(_ sequence: Int64, ruleIDs: String, findings: String?) -> OrderRow {
        OrderRow(
            sequence: sequence,
            time: Timestamp(nanoseconds: 1_000),
            order: order(.buy, "0.5", at: "100", id: "c-\(sequence)"),
            allowed: false,
            profileHash: "hash",
            ruleIDs: ruleIDs,
            effect: .opening,
            priceSource: .caller,
            marketPrice: nil,
            findings: findings
        )
    }

    /// Texts are bound from a buffer on the stack; one longer than the buffer is copied by SQLite instead. Both read
    /// back whole, beside each other, and the row after them binds its own values.
    @Test func aTextLongerThanTheRowBufferReadsBackWhole() async throws {
        let temporary = try journaledStore()
        let long = String(repeating: "finding-", count: JournalBinding.bufferSize / 4)  // twice the buffer
        let texts = [(long, "ids-1"), ("short", String(repeating: "r", count: JournalBinding.bufferSize - 100))]
        for (offset, (findings, ruleIDs)) in texts.enumerated() {
            try await temporary.store.database.write { db in
                try JournalEntry.order(row(Int64(offset + 1), ruleIDs: ruleIDs, findings: findings)).insert(into: db)
            }
        }
        let rows = try temporary.store.database.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT findings, rule_ids, client_order_id FROM journal_orders ORDER BY sequence"
            )
        }
        #expect(rows.count == 2)
        for (index, (findings, ruleIDs)) in texts.enumerated() where index < rows.count {
            #expect(rows[index]["findings"] as String? == findings && rows[index]["rule_ids"] as String? == ruleIDs)
            #expect(rows[index]["client_order_id"] as String? == "c-\(index + 1)")
        }
    }

    /// A value SQLite refuses to bind (here a text above the connection's length limit) fails the insert with the
    /// parameter and SQLite's reason, writes nothing, and leaves the statement usable for the next row.
    @Test func aRefusedBindFailsTheInsertAndWritesNothing() async throws {
        let temporary = try journaledStore()
        let refused = row(1, ruleIDs: String(repeating: "x", count: 100), findings: nil)
        do {
            try await temporary.store.database.write { db in
                let previous = sqlite3_limit(db.sqliteConnection, SQLITE_LIMIT_LENGTH, 64)
                defer { sqlite3_limit(db.sqliteConnection, SQLITE_LIMIT_LENGTH, previous) }
                try JournalEntry.order(refused).insert(into: db)
            }
            Issue.record("a text above the length limit was bound")
        } catch let error as DatabaseError {
            #expect(error.resultCode == .SQLITE_TOOBIG)
            #expect(error.message?.contains("cannot bind parameter 17") == true)  // rule_ids
        }
        try await temporary.store.database.write { db in
            try JournalEntry.order(row(2, ruleIDs: "ids", findings: nil)).insert(into: db)
        }
        let sequences = try await temporary.store.database.read { db in
            try Int64.fetchAll(db, sql: "SELECT sequence FROM journal_orders")
        }
        #expect(sequences == [2])
    }

    @Test func anOrderRowReadsBackAsBoundAndADuplicateSaysWhy() async throws {
        let temporary = try journaledStore()
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

import Foundation
import GRDB
import GRDBSQLite
import Testing

@testable import RampartStore

/// How the store opens its database: WAL, and every commit synced before it is acknowledged.
@Suite struct StoreTests {
    @Test func theWriterSyncsEveryCommitInWALMode() async throws {
        let temporary = try TemporaryStore()
        let (synchronous, journalMode) = try await temporary.store.database.write { db in
            (
                try Int.fetchOne(db, sql: "PRAGMA synchronous"),
                try String.fetchOne(db, sql: "PRAGMA journal_mode")
            )
        }
        #expect(journalMode == "wal")
        #expect(synchronous == 2, "synchronous = FULL (2): NORMAL (1) loses the last commits when the machine crashes")
    }

    @Test func aReopenedStoreSyncsEveryCommitToo() async throws {
        let temporary = try TemporaryStore()
        let reopened = try Store(path: temporary.store.path)
        let synchronous = try await reopened.database.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        #expect(synchronous == 2)
    }

    /// The first `Store` of a process turns SQLite's memory statistics off (no global lock per allocation): then
    /// SQLite counts nothing however much it allocates. Had SQLite been used before (here: another test's own
    /// `DatabaseQueue`), they stay on and count, and the store says so.
    @Test func sqliteKeepsNoMemoryStatisticsOnceTheStoreTurnedThemOff() async throws {
        let temporary = try TemporaryStore()
        try await temporary.store.database.write { db in
            try db.execute(sql: "CREATE TABLE filler (text TEXT); INSERT INTO filler VALUES (hex(randomblob(4096)))")
        }
        let counted = sqlite3_memory_used()
        switch Store.sqliteMemoryStatistics {
        case .off: #expect(counted == 0)
        case .on(let code): #expect(code == SQLITE_MISUSE && counted > 0)
        }
    }
}

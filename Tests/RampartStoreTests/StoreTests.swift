import Foundation
import GRDB
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
}

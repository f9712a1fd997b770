public import GRDB

/// The SQLite database (WAL, `synchronous=FULL`) that holds Rampart's journal and security tables.
///
/// Schema changes are migrations: the journal's in `JournalSchema`, credentials, tokens, promotions and the
/// audit log in `SecuritySchema`. Open one `Store` per database file per process.
///
/// Checkpoints run off the commit path: the writer never checkpoints (`wal_autocheckpoint = 0`); a second
/// connection runs a PASSIVE checkpoint every 250 ms, which copies committed pages to the database file without
/// blocking the writer, so a commit never waits for a checkpoint.
public final class Store: Sendable {
    /// The connection pool: one writer, concurrent readers.
    public let database: DatabasePool
    /// The database file.
    public let path: String
    private let checkpointer: Task<Void, Never>

    /// Opens (creating if needed) the database at `path` and applies every pending migration.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        self.path = path
        self.database = try DatabasePool(path: path, configuration: configuration)
        // GRDB puts a pool's writer into WAL mode after `prepareDatabase` ran, and sets `synchronous = NORMAL` there:
        // a commit would then survive a crash of the process but not of the machine. A decision is acknowledged
        // only once durable, so the writer syncs the WAL at every commit (`StoreTests` pins this).
        try database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        try Self.migrator.migrate(database)
        let checkpointing = try DatabaseQueue(path: path, configuration: Self.checkpointConfiguration)
        self.checkpointer = Task.detached(priority: .utility) {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(250))
                _ = try? await checkpointing.writeWithoutTransaction { db in
                    try db.checkpoint(.passive)
                }
            }
        }
    }

    deinit { checkpointer.cancel() }

    private static var checkpointConfiguration: Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(1)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
        }
        return configuration
    }

    /// Every migration, in order.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        JournalSchema.register(in: &migrator)
        SecuritySchema.register(in: &migrator)
        return migrator
    }
}

import CSQLiteConfig
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

    /// Whether SQLite keeps memory statistics in this process, settled once before its first connection opens.
    ///
    /// With statistics on, every allocation SQLite makes takes one global lock, and Debian's SQLite (built without
    /// lookaside memory) allocates for every row it writes: about 80 lock pairs per paper order. Nothing here reads
    /// the statistics, so they are turned off. When SQLite was used before the first `Store` opened (a
    /// `DatabaseQueue` of its own, in a test), they stay on: correct, only slower; `rampart serve` warns then.
    /// `sqlite3_config` must run before any other SQLite call in the process: `rampart` opens its store first, on one
    /// thread. (Connections need no such setting: GRDB opens each without a lock of its own, one thread using it at a
    /// time.)
    public static let sqliteMemoryStatistics: SQLiteMemoryStatistics = {
        let code = rampart_sqlite_configure()
        return code == 0 ? .off : .on(code: code)
    }()

    /// Opens (creating if needed) the database at `path` and applies every pending migration.
    public init(path: String) throws {
        _ = Self.sqliteMemoryStatistics
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            // `synchronous` is set below, once the pool has opened: GRDB would override it here for the writer.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        self.path = path
        self.database = try DatabasePool(path: path, configuration: configuration)
        // GRDB puts a pool's writer into WAL mode after `prepareDatabase` ran, and sets `synchronous = NORMAL` there:
        // a commit would then survive a crash of the process but not of the machine. A decision is acknowledged
        // only once durable, so the writer syncs the WAL at every commit (`StoreTests` pins this).
        let (journalMode, synchronous) = try database.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            return (
                try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "",
                try Int.fetchOne(db, sql: "PRAGMA synchronous")
            )
        }
        // Fail closed: a journal that would acknowledge decisions it has not synced is not opened at all.
        guard journalMode == "wal", synchronous == 2 else {
            throw StoreDurabilityError(path: path, journalMode: journalMode, synchronous: synchronous)
        }
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

/// The database would not sync every commit in WAL mode, so the store refuses to open it (decisions are acknowledged
/// only once durable).
public struct StoreDurabilityError: Error, CustomStringConvertible {
    /// The database file.
    public let path: String
    /// What `PRAGMA journal_mode` answered (`wal` expected).
    public let journalMode: String
    /// What `PRAGMA synchronous` answered (2, FULL, expected).
    public let synchronous: Int?

    public var description: String {
        "\(path): the journal must be WAL with synchronous=FULL (2); SQLite reports journal_mode=\(journalMode), "
            + "synchronous=\(synchronous.map(String.init) ?? "unknown")"
    }
}

/// Whether SQLite keeps memory statistics in this process (`Store.sqliteMemoryStatistics`).
public enum SQLiteMemoryStatistics: Sendable, Equatable {
    /// Off: no global lock per allocation. What `Store` asks for.
    case off
    /// On: SQLite was initialized before the first `Store`; `code` is what it answered (`SQLITE_MISUSE`).
    case on(code: Int32)
}

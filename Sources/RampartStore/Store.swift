public import GRDB

/// The SQLite database (WAL, `synchronous=FULL`) that holds Rampart's journal and security tables.
///
/// Schema changes are migrations: the journal's in `JournalSchema`, credentials, tokens, promotions and the
/// audit log in `SecuritySchema`. Open one `Store` per database file per process.
public final class Store: Sendable {
    /// The connection pool: one writer, concurrent readers.
    public let database: DatabasePool
    /// The database file.
    public let path: String

    /// Opens (creating if needed) the database at `path` and applies every pending migration.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 20000")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        self.path = path
        self.database = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(database)
    }

    /// Every migration, in order.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        JournalSchema.register(in: &migrator)
        SecuritySchema.register(in: &migrator)
        return migrator
    }
}

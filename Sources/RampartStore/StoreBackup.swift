public import GRDB

extension Store {
    /// Copies the live database to `path` with SQLite's online backup API (safe while the service writes), then
    /// checks the copy with `PRAGMA integrity_check`; returns the check's answer (`ok` when sound).
    public func backup(to path: String) throws -> String {
        let destination = try DatabaseQueue(path: path)
        try database.backup(to: destination)
        return try destination.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "no answer" }
    }
}

extension Store {
    /// Brings the database at `path` (a restore's staging copy) to the current schema, calls `body` with it, then
    /// checkpoints its WAL into the file and closes it, so the file alone holds everything and can be moved.
    public static func migrated<T>(_ path: String, _ body: (any DatabaseWriter) throws -> T) throws -> T {
        let queue = try DatabaseQueue(path: path)
        try migrator.migrate(queue)
        let result = try body(queue)
        _ = try queue.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        try queue.close()
        return result
    }

    /// Copies the database file at `source` (a `rampart backup`) to a new file at `destination` with SQLite's
    /// backup API, reading the source read-only (it is never migrated or changed), and checks the source first with
    /// `PRAGMA integrity_check`; returns the check's answer (`ok` when sound; nothing is written otherwise).
    public static func copy(from source: String, to destination: String) throws -> String {
        var configuration = Configuration()
        configuration.readonly = true
        let backup = try DatabaseQueue(path: source, configuration: configuration)
        let check = try backup.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "no answer" }
        guard check == "ok" else { return check }
        let target = try DatabaseQueue(path: destination)
        try backup.backup(to: target)
        return try target.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "no answer" }
    }
}

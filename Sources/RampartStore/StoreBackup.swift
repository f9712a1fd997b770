import GRDB

extension Store {
    /// Copies the live database to `path` with SQLite's online backup API (safe while the service writes), then
    /// checks the copy with `PRAGMA integrity_check`; returns the check's answer (`ok` when sound).
    public func backup(to path: String) throws -> String {
        let destination = try DatabaseQueue(path: path)
        try database.backup(to: destination)
        return try destination.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "no answer" }
    }
}

public import GRDB
public import RampartRules

/// Emergency stops written straight into the database (`rampart stop`), with the service up or down.
///
/// The service applies each pending request through its journaled gate: at start before it serves, and within a
/// second while it runs (`StopSync` in RampartDesk), then marks it applied. Every request is audited when written.
public struct StopRequests: Sendable {
    let database: any DatabaseWriter
    let audit: AuditLog

    /// The requests of `database`, audited in `audit`.
    public init(database: any DatabaseWriter, audit: AuditLog) {
        self.database = database
        self.audit = audit
    }

    /// Records a halt of `scope` for the service to apply; returns its id.
    @discardableResult
    public func request(scope: TradingScope, reason: String, actor: String) throws(StopRequestError) -> Int64 {
        guard !reason.isEmpty else { throw .emptyReason }
        let now = audit.clock().nanoseconds
        return try TypedDatabase.run(StopRequestError.database) {
            try database.write { db in
                try db.execute(
                    sql: "INSERT INTO stop_requests (scope, reason, actor, requested_at) VALUES (?, ?, ?, ?)",
                    arguments: [scope.description, reason, actor, now]
                )
                let id = db.lastInsertedRowID
                do throws(AuditError) {
                    try audit.append(
                        in: db,
                        actor: actor,
                        action: "halt.requested",
                        details: "scope=\(scope) reason=\(reason) request=\(id)"
                    )
                } catch {
                    throw StopRequestError.audit(error)
                }
                return id
            }
        }
    }

    /// Requests not applied yet, oldest first.
    public func pending() throws(StopRequestError) -> [StopRequest] {
        try Self.pending(in: database)
    }

    /// Requests in `database` not applied yet, oldest first: a read that needs no audit key (`rampart state`).
    public static func pending(in database: any DatabaseReader) throws(StopRequestError) -> [StopRequest] {
        try TypedDatabase.run(StopRequestError.database) {
            try database.read { db in
                try Row.fetchAll(
                    db,
                    sql: "SELECT id, scope, reason, actor FROM stop_requests WHERE applied_at IS NULL ORDER BY id"
                ).compactMap { row in
                    guard let scope = TradingScope(parsing: row["scope"]) else { return nil }
                    return StopRequest(id: row["id"], scope: scope, reason: row["reason"], actor: row["actor"])
                }
            }
        }
    }

    /// Marks a request applied (its halt is journaled and in force).
    public func markApplied(_ id: Int64, at time: Timestamp) throws(StopRequestError) {
        try TypedDatabase.run(StopRequestError.database) {
            try database.write { db in
                try db.execute(
                    sql: "UPDATE stop_requests SET applied_at = ? WHERE id = ?",
                    arguments: [time.nanoseconds, id]
                )
            }
        }
    }
}

/// A halt requested through the database.
public struct StopRequest: Sendable, Hashable {
    /// Its row id.
    public var id: Int64
    /// What to halt.
    public var scope: TradingScope
    /// Why.
    public var reason: String
    /// Who asked (`cli:USER`).
    public var actor: String
}

/// Why a stop request could not be written or read.
public enum StopRequestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stop needs a reason.
    case emptyReason
    /// The request could not be audited, so it was not written.
    case audit(AuditError)
    /// SQLite failed.
    case database(String)

    public var description: String {
        switch self {
        case .emptyReason: "a stop needs a reason"
        case .audit(let error): "the stop was not written because it could not be audited: \(error)"
        case .database(let reason): "database error: \(reason)"
        }
    }
}

import Foundation
public import GRDB
import RampartCrypto
public import RampartRules

/// The append-only admin log: each row carries `HMAC(key, previous MAC ‖ row)`, the key kept outside the database.
///
/// A MAC-protected head record (last sequence and MAC) is updated with every append, so a deleted tail is
/// noticed too. There is no way to build an `AuditLog` without an `AuditKey`: appending fails closed.
public struct AuditLog: Sendable {
    let database: any DatabaseWriter
    let key: AuditKey
    let clock: @Sendable () -> Timestamp

    /// Creates a log over the security tables of `database`.
    public init(database: any DatabaseWriter, key: AuditKey, clock: @escaping @Sendable () -> Timestamp) {
        self.database = database
        self.key = key
        self.clock = clock
    }

    /// Appends an entry in its own transaction.
    @discardableResult
    public func append(actor: String, action: String, details: String) throws(AuditError) -> AuditEntry {
        try TypedDatabase.run(AuditError.database) {
            try database.write { db in try append(in: db, actor: actor, action: action, details: details) }
        }
    }

    /// Appends an entry inside the caller's transaction (in a savepoint), so it commits or rolls back with the change.
    @discardableResult
    public func append(in db: Database, actor: String, action: String, details: String) throws(AuditError) -> AuditEntry
    {
        guard !actor.isEmpty else { throw .invalidEntry("the actor is empty") }
        guard !action.isEmpty else { throw .invalidEntry("the action is empty") }
        let time = clock()
        return try TypedDatabase.run(AuditError.database) {
            var entry: AuditEntry?
            try db.inSavepoint {
                let (previous, sequence) = try nextLink(db)
                let mac = AuditChain.mac(
                    key: key.bytes,
                    previous: previous,
                    sequence: sequence,
                    time: time.nanoseconds,
                    actor: actor,
                    action: action,
                    details: details
                )
                try db.execute(
                    sql:
                        "INSERT INTO audit_log (sequence, time, actor, action, details, mac) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [sequence, time.nanoseconds, actor, action, details, Data(mac)]
                )
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO audit_head (id, sequence, mac, key_check, head_mac)
                        VALUES (1, ?, ?, ?, ?)
                        """,
                    arguments: [
                        sequence, Data(mac), Data(AuditChain.keyCheck(key: key.bytes)),
                        Data(AuditChain.headMAC(key: key.bytes, sequence: sequence, mac: mac)),
                    ]
                )
                entry = AuditEntry(sequence: sequence, time: time, actor: actor, action: action, details: details)
                return .commit
            }
            guard let entry else { throw AuditError.database("the savepoint did not commit") }
            return entry
        }
    }

    /// The previous MAC and the next sequence, from the head record (which must be authentic and ours).
    private func nextLink(_ db: Database) throws -> (previous: [UInt8], sequence: Int64) {
        guard
            let head = try Row.fetchOne(
                db,
                sql: "SELECT sequence, mac, key_check, head_mac FROM audit_head WHERE id = 1"
            )
        else {
            let rows = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_log") ?? 0
            guard rows == 0 else { throw AuditError.corruptHead("the log has rows but no head record") }
            return (AuditChain.genesis, 1)
        }
        guard let sequence = StoredValue.integer(head[0]), let mac = StoredValue.blob(head[1]),
            let keyCheck = StoredValue.blob(head[2]), let headMAC = StoredValue.blob(head[3])
        else { throw AuditError.corruptHead("the head record is malformed") }
        guard ConstantTime.equals(keyCheck, AuditChain.keyCheck(key: key.bytes)) else {
            throw AuditError.corruptHead("it was written with a different audit key")
        }
        guard ConstantTime.equals(headMAC, AuditChain.headMAC(key: key.bytes, sequence: sequence, mac: mac)) else {
            throw AuditError.corruptHead("the head record was altered")
        }
        guard sequence < Int64.max else { throw AuditError.corruptHead("the sequence is exhausted") }
        return (mac, sequence + 1)
    }

    /// Entries with a sequence above `after`, oldest first, at most `limit`.
    public func entries(after: Int64 = 0, limit: Int = Int.max) throws(AuditError) -> [AuditEntry] {
        try TypedDatabase.run(AuditError.database) {
            try database.read { db in
                let rows = try Row.fetchAll(
                    db,
                    sql:
                        "SELECT sequence, time, actor, action, details FROM audit_log WHERE sequence > ? ORDER BY sequence LIMIT ?",
                    arguments: [after, Int64(clamping: limit)]
                )
                return rows.compactMap { row -> AuditEntry? in
                    guard let sequence = StoredValue.integer(row[0]), let time = StoredValue.integer(row[1]),
                        let actor = StoredValue.text(row[2]), let action = StoredValue.text(row[3]),
                        let details = StoredValue.text(row[4])
                    else { return nil }
                    return AuditEntry(
                        sequence: sequence,
                        time: Timestamp(nanoseconds: time),
                        actor: actor,
                        action: action,
                        details: details
                    )
                }
            }
        }
    }

    /// Checks the whole chain and the head; reports the first bad sequence and what is wrong with it.
    public func verify() throws(AuditError) -> AuditVerification {
        let (rows, head) = try TypedDatabase.run(AuditError.database) {
            try database.read { db in
                let rows = try Row.fetchAll(
                    db,
                    sql: "SELECT sequence, time, actor, action, details, mac FROM audit_log ORDER BY sequence"
                ).map(StoredAuditRow.init(row:))
                let head = try Row.fetchOne(
                    db,
                    sql: "SELECT sequence, mac, key_check, head_mac FROM audit_head WHERE id = 1"
                )
                .map(StoredAuditHead.init(row:))
                return (rows, head)
            }
        }
        return AuditVerifier(key: key.bytes).verify(rows: rows, head: head)
    }
}

/// Strict readers of stored values: a value of the wrong SQLite type reads as nil (tampered), never as a conversion.
enum StoredValue {
    /// An INTEGER value.
    static func integer(_ value: DatabaseValue) -> Int64? {
        if case .int64(let number) = value.storage { return number }
        return nil
    }

    /// A TEXT value.
    static func text(_ value: DatabaseValue) -> String? {
        if case .string(let text) = value.storage { return text }
        return nil
    }

    /// A BLOB value.
    static func blob(_ value: DatabaseValue) -> [UInt8]? {
        if case .blob(let data) = value.storage { return [UInt8](data) }
        return nil
    }
}

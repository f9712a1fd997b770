import Foundation
import GRDB
import RampartCrypto
import RampartRules

/// When the durable gate writes a state snapshot: after `everyRows` journal rows (orders, fills, releases) were
/// committed since the last one, no sooner than `minimumInterval` after it, and no sooner than four times as long
/// as the last one took to encode (so encoding a large state takes at most about a fifth of the time).
public struct SnapshotPolicy: Sendable {
    /// Journal rows committed since the last snapshot that make the next one due: the most rows recovery replays
    /// after the newest snapshot, unless snapshots are slower than the journal grows.
    public var everyRows: Int
    /// The least time between two snapshots.
    public var minimumInterval: Duration

    /// Creates a policy.
    public init(everyRows: Int, minimumInterval: Duration) {
        self.everyRows = everyRows
        self.minimumInterval = minimumInterval
    }

    /// The most bytes one write of a snapshot holds: a larger payload is written in parts, each in its own journal
    /// transaction, so a large state never holds the journal's writer back for long.
    var partSize = 256 * 1024

    /// The service's: every 20,000 journal rows, at most one every 250 ms.
    public static let standard = SnapshotPolicy(everyRows: 20_000, minimumInterval: .milliseconds(250))
    /// Never.
    public static let never = SnapshotPolicy(everyRows: .max, minimumInterval: .seconds(0))
}

/// A snapshot row: the journal folded up to `sequence` (`JournalFold`), with its SHA-256. `fills` holds how many
/// sequence numbers it covers beyond the snapshot before (the column's name is from when snapshots held fills only).
struct SnapshotRow: Sendable {
    var sequence: Int64
    var takenAt: Timestamp
    var fills: Int64
    /// The payload, or empty when it is written in `parts` parts (`SnapshotPart`).
    var payload: [UInt8]
    var checksum: String
    var parts = 0
}

/// One part of a snapshot's payload that is written in parts, written before the snapshot's row.
struct SnapshotPart: Sendable {
    var sequence: Int64
    var part: Int
    var data: ArraySlice<UInt8>
}

/// Snapshots of the journal's fold in `state_snapshots`, so recovery replays only the rows after the newest sound
/// one. A snapshot is folded from the journal itself, in one read transaction (so it covers a committed prefix of
/// the journal, whatever memory held), and written in a later journal transaction; it carries the SHA-256 of its
/// payload, and only the newest `kept` stay. A snapshot that does not verify, decode or fit the profile is skipped
/// for an older one, and without one the whole journal is folded: a snapshot can make recovery faster, never
/// different.
enum StateSnapshots {
    /// How many snapshots are kept.
    static let kept = 3

    /// The snapshot row of `fold`; nil when a name cannot be written (a tab, a line break or a NUL in it: the
    /// grammar admits none, so this is only a guard).
    static func row(_ fold: JournalFold, beyond sequences: Int64, at time: Timestamp) -> SnapshotRow? {
        guard let payload = encode(fold) else { return nil }
        return SnapshotRow(
            sequence: fold.sequence,
            takenAt: time,
            fills: sequences,
            payload: payload,
            checksum: Hex.encode(SHA256Digest.hash(payload))
        )
    }

    /// Inserts `row` and deletes all but the newest `kept` snapshots (in the caller's transaction).
    static func insert(_ row: SnapshotRow, into db: Database) throws {
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO state_snapshots (sequence, taken_at, fills, payload, checksum, parts)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                row.sequence, row.takenAt.nanoseconds, row.fills, Data(row.payload), row.checksum, row.parts,
            ]
        )
        try db.execute(
            sql: """
                DELETE FROM state_snapshots WHERE sequence NOT IN
                (SELECT sequence FROM state_snapshots ORDER BY sequence DESC LIMIT ?);
                DELETE FROM state_snapshot_parts WHERE sequence NOT IN (SELECT sequence FROM state_snapshots);
                """,
            arguments: [kept]
        )
    }

    /// The row's payload, put together from its parts when it was written in parts; nil when a part is missing.
    private static func payload(of row: Row, _ db: Database) throws -> [UInt8]? {
        let parts: Int = row["parts"]
        guard parts > 0 else { return [UInt8]((row["payload"] as Data?) ?? Data()) }
        var payload: [UInt8] = []
        let cursor = try Row.fetchCursor(
            db,
            sql: "SELECT part, data FROM state_snapshot_parts WHERE sequence = ? ORDER BY part",
            arguments: [row["sequence"] as Int64]
        )
        var next = 0
        while let part = try cursor.next() {
            guard part["part"] as Int == next else { return nil }
            // The blob is read in place (no `Data` copy of each part); parts but the last are equally long.
            try part.withUnsafeData(atIndex: 1) { data in
                guard let data else { return }
                if next == 0 { payload.reserveCapacity(data.count * parts) }
                payload.append(contentsOf: data)
            }
            next += 1
        }
        return next == parts ? payload : nil
    }

    /// The newest snapshot that verifies and fits `profile`, restored into a fold of the journal up to its
    /// sequence; nil when there is none. `rejected` gets why each newer one was skipped.
    static func newestSound(
        _ db: Database,
        profile: CompiledProfile,
        at now: Timestamp,
        rejected: inout [String]
    ) throws -> JournalFold? {
        guard try db.tableExists("state_snapshots") else { return nil }
        let rows = try Row.fetchCursor(
            db,
            sql: "SELECT sequence, payload, checksum, parts FROM state_snapshots ORDER BY sequence DESC"
        )
        while let row = try rows.next() {
            let sequence: Int64 = row["sequence"]
            guard let payload = try payload(of: row, db) else {
                rejected.append("snapshot at \(sequence): a part is missing")
                continue
            }
            guard Hex.encode(SHA256Digest.hash(payload)) == (row["checksum"] as String?) else {
                rejected.append("snapshot at \(sequence): checksum does not match")
                continue
            }
            if payload.starts(with: Array(fillsOnlyHeader.utf8)) {
                rejected.append("snapshot at \(sequence): an older format (fills only); the journal is replayed")
                continue
            }
            guard let content = decode(payload) else {
                rejected.append("snapshot at \(sequence): payload does not decode")
                continue
            }
            var fold = JournalFold(sequence: sequence)
            do {
                try fold.state.restore(content.ledger, profile: profile, at: now)
                try fold.state.restore(content.memory, profile: profile, at: now)
            } catch {
                rejected.append("snapshot at \(sequence): \(error)")
                continue
            }
            fold.open = content.open
            return fold
        }
        return nil
    }
}

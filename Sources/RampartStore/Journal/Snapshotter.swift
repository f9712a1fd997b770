import GRDB
import Logging
import RampartRules
import Synchronization

/// Takes a state snapshot when `policy` says one is due: the rows committed since the last one are folded onto
/// its fold (`JournalFold`) in one read transaction, off the writer's path, and the result is written with a later
/// journal batch (see `StateSnapshots`). Memory plays no part: a snapshot is the journal's own fold, so it can never
/// count a row twice or miss one. Once written, `covered` is told the sequence it covers.
final class Snapshotter: CommitObserver {
    private let gate: Gate
    private let database: any DatabaseReader
    private let writer: JournalWriter
    private let policy: SnapshotPolicy
    private let clock: @Sendable () -> Timestamp
    private let logger: Logger?
    private let covered: @Sendable (Int64) async -> Void
    /// The journal folded up to the newest snapshot (or to where recovery left it), and the sequence the newest
    /// snapshot written covers.
    private let fold: Mutex<(fold: JournalFold, written: Int64)>
    /// Rows committed since the last snapshot, when it ended, how long encoding it took, whether one is being taken.
    /// Folding is not paced (every row is folded once, however often snapshots are taken), nor is writing (a large
    /// payload is written in parts, each a short transaction).
    private let pace = Mutex((rows: 0, last: ContinuousClock.now, cost: Duration.zero, writing: false))

    init(
        gate: Gate,
        database: any DatabaseReader,
        writer: JournalWriter,
        fold: JournalFold,
        written: Int64,
        policy: SnapshotPolicy,
        clock: @escaping @Sendable () -> Timestamp,
        logger: Logger?,
        covered: @escaping @Sendable (Int64) async -> Void
    ) {
        self.gate = gate
        self.database = database
        self.writer = writer
        self.fold = Mutex((fold, written))
        self.policy = policy
        self.clock = clock
        self.logger = logger
        self.covered = covered
    }

    func committed(lastSequence: Int64, rows: Int) {
        guard due(adding: rows) else { return }
        Task { await self.take() }
    }

    /// Takes a snapshot now, unless one is being taken (after a recovery that folded many rows, so the next start
    /// need not fold them again).
    func takeNow() {
        guard
            pace.withLock({ pace -> Bool in
                guard !pace.writing else { return false }
                pace.writing = true
                return true
            })
        else { return }
        Task { await self.take() }
    }

    /// Folds the journal's new rows, writes the snapshot, and tells `covered`.
    private func take() async {
        var cost = Duration.zero
        defer {
            pace.withLock { pace in
                pace.last = ContinuousClock.now
                pace.cost = cost
                pace.writing = false
            }
        }
        let (base, written) = fold.withLock { $0 }
        let profile = gate.profile
        let next: JournalFold
        do {
            next = try await database.read { db in
                var fold = base
                try fold.apply(db, profile: profile)
                return fold
            }
        } catch {
            logger?.warning(
                "state snapshot not taken: the journal could not be folded",
                metadata: ["error": "\(error)"]
            )
            return
        }
        fold.withLock { $0.fold = next }
        guard next.sequence > written else { return }
        let started = ContinuousClock.now
        guard let row = StateSnapshots.row(next, beyond: next.sequence - written, at: clock()) else {
            logger?.error("state snapshot not taken: a name cannot be written")
            return
        }
        cost = ContinuousClock.now - started
        guard await write(row) else { return }
        fold.withLock { $0.written = next.sequence }
        await covered(next.sequence)
    }

    /// Writes `row`, in parts of at most `policy.partSize` bytes when its payload is larger (each part in its own
    /// journal batch, the row last); false when a write failed.
    private func write(_ row: SnapshotRow) async -> Bool {
        var head = row
        if row.payload.count > policy.partSize {
            let starts = Array(stride(from: 0, to: row.payload.count, by: policy.partSize))
            for (part, start) in starts.enumerated() {
                let data = row.payload[start..<min(start + policy.partSize, row.payload.count)]
                let entry = JournalEntry.snapshotPart(SnapshotPart(sequence: row.sequence, part: part, data: data))
                guard await record(entry) else { return false }
            }
            head.payload = []
            head.parts = starts.count
        }
        return await record(.snapshot(head))
    }

    /// Writes one entry with the next journal batch (none while the journal is closed); false when that failed.
    private func record(_ entry: JournalEntry) async -> Bool {
        let (written, _, failure) = await writer.record { _, closed -> ([JournalEntry], Bool) in
            closed == nil ? ([entry], true) : ([], false)
        }
        if let failure { logger?.warning("state snapshot not written", metadata: ["error": "\(failure)"]) }
        return written && failure == nil
    }

    /// Counts `rows` more; true when a snapshot is due now (and marks it being taken).
    private func due(adding rows: Int) -> Bool {
        let policy = self.policy
        return pace.withLock { pace -> Bool in
            pace.rows += rows
            guard !pace.writing, pace.rows >= policy.everyRows,
                ContinuousClock.now - pace.last >= max(policy.minimumInterval, pace.cost * 4)
            else { return false }
            pace.writing = true
            pace.rows = 0
            return true
        }
    }
}

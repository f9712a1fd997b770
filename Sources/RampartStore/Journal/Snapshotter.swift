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
    /// The journal folded up to the newest snapshot (or to where recovery left it).
    private let fold: Mutex<JournalFold>
    /// Rows committed since the last snapshot, when it ended, how long it took, whether one is being taken.
    private let pace = Mutex((rows: 0, last: ContinuousClock.now, cost: Duration.zero, writing: false))

    init(
        gate: Gate,
        database: any DatabaseReader,
        writer: JournalWriter,
        fold: JournalFold,
        policy: SnapshotPolicy,
        clock: @escaping @Sendable () -> Timestamp,
        logger: Logger?,
        covered: @escaping @Sendable (Int64) async -> Void
    ) {
        self.gate = gate
        self.database = database
        self.writer = writer
        self.fold = Mutex(fold)
        self.policy = policy
        self.clock = clock
        self.logger = logger
        self.covered = covered
    }

    func committed(lastSequence: Int64, rows: Int) {
        guard due(adding: rows) else { return }
        Task { await self.take() }
    }

    /// Folds the journal's new rows, writes the snapshot, and tells `covered`.
    private func take() async {
        let started = ContinuousClock.now
        defer {
            let cost = ContinuousClock.now - started
            pace.withLock { pace in
                pace.last = ContinuousClock.now
                pace.cost = cost
                pace.writing = false
            }
        }
        let base = fold.withLock { $0 }
        let profile = gate.profile
        let next: JournalFold
        let rows: Int
        do {
            (next, rows) = try await database.read { db in
                var fold = base
                let rows = try fold.apply(db, profile: profile)
                return (fold, rows)
            }
        } catch {
            logger?.warning(
                "state snapshot not taken: the journal could not be folded",
                metadata: ["error": "\(error)"]
            )
            return
        }
        guard rows > 0 else { return }
        fold.withLock { $0 = next }
        guard let row = StateSnapshots.row(next, rows: rows, at: clock()) else {
            logger?.error("state snapshot not taken: a name cannot be written")
            return
        }
        let (_, _, failure) = await writer.record { _, closed -> ([JournalEntry], Void) in
            closed == nil ? ([.snapshot(row)], ()) : ([], ())
        }
        if let failure {
            logger?.warning("state snapshot not written", metadata: ["error": "\(failure)"])
            return
        }
        await covered(next.sequence)
    }

    /// Counts `rows` more; true when a snapshot is due now (and marks it being taken).
    private func due(adding rows: Int) -> Bool {
        let policy = self.policy
        return pace.withLock { pace -> Bool in
            pace.rows += rows
            guard !pace.writing, pace.rows >= policy.everyRows,
                ContinuousClock.now - pace.last >= max(policy.minimumInterval, pace.cost * 10)
            else { return false }
            pace.writing = true
            pace.rows = 0
            return true
        }
    }
}

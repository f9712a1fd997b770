import Dispatch
import GRDB
import Synchronization

/// Told after each batch the writer committed, once the batch's fills are booked.
protocol CommitObserver: AnyObject, Sendable {
    /// The batch's entries in journal order, and how many numbered rows (orders, fills, releases, trading states)
    /// they hold. Called for every committed batch, one at a time, in the order they committed.
    func committed(_ entries: [JournalEntry], rows: Int)
}

/// The journal's single writer: group commit of everything that arrives while the previous batch commits.
///
/// Callers hand entries over under the writer's lock (`record`), which also numbers them, so the journal's order
/// is the order in which the callers changed the in-memory state. Only entries that take a sequence consume a number
/// (a resting row is keyed by its order's), so the numbers stay gapless. A drain on a thread of its own writes all
/// queued entries in ONE transaction and then answers every caller of that batch with its outcome. When a
/// transaction fails it is rolled back, the writer becomes *failed* (callers fail closed) until a later transaction
/// commits, and entries whose in-memory effect already happened (fills, releases, trading states) are retried with
/// the next batch.
final class JournalWriter: Sendable {
    /// A test seam: called inside each write transaction with the write's number (1, 2, …) after the batch's
    /// inserts; throwing makes the write fail and roll back.
    typealias Fault = @Sendable (_ write: Int) throws -> Void

    /// What to do in memory once a batch's write ended (nil: it committed), run in journal order before the
    /// batch's callers resume: fills are booked here, so memory books them in the journal's order.
    typealias AfterWrite = @Sendable (_ failure: JournalError?) -> Void

    private struct Waiting: Sendable {
        /// The entry's number; nil for an entry keyed by another row's sequence.
        var sequence: Int64?
        var entry: JournalEntry
        /// Told once the entry's batch is written (nil: it committed); only the last entry of a `record` has one.
        var waiter: (@Sendable (JournalError?) -> Void)?
        var afterWrite: AfterWrite? = nil
    }

    private struct Queue: ~Copyable {
        var pending: [Waiting] = []
        var retried: [Waiting] = []
        var draining = false
        /// Batches committed since the drain last checkpointed (see `checkpointEvery`).
        var committedSinceCheckpoint = 0
        var nextSequence: Int64
        var writes = 0
        var failure: JournalError?
    }

    /// After this many committed batches the drain checkpoints (PASSIVE) between two batches: then no write is in
    /// flight, every frame can be backfilled, and the next batch starts the WAL over from its beginning. Under
    /// sustained load the store's background checkpoint never catches up with the writer, so without this the WAL
    /// grows for as long as orders keep coming (0.3–1.3 GB for 200k orders), and each commit's sync of a growing file
    /// also commits the file system's metadata.
    static let checkpointEvery = 64

    private let queue: Mutex<Queue>
    /// Where batches are written: a thread of its own, which waits for each commit (the event loops, Swift's global
    /// executor in `rampart serve`, never do; no task hops onto GRDB's queue and back per batch).
    private let drainQueue = DispatchQueue(label: "rampart.journal-writer")
    private let database: any DatabaseWriter
    private let fault: Fault?
    /// Called after each batch that committed, once its fills are booked, with the batch's entries (the durable
    /// gate's snapshots fold them).
    private let committed = Mutex<(any CommitObserver)?>(nil)
    /// Checkpoints the drain ran, those that left frames behind (a reader held them), and those that failed
    /// (`/metrics`: `rampart_journal_checkpoints`).
    private let checkpoints = Atomic<Int>(0)
    private let checkpointsBehind = Atomic<Int>(0)
    private let checkpointFailures = Atomic<Int>(0)
    /// Batches committed since start (`/metrics`: `rampart_journal_batches`): each is one transaction and one sync,
    /// whose cost the batch's rows share.
    private let committedBatches = Atomic<Int>(0)

    /// Batches committed since start.
    var batchesCommitted: Int { committedBatches.load(ordering: .relaxed) }

    /// The drain's checkpoints since start.
    var checkpointCounts: CheckpointCounts {
        CheckpointCounts(
            completed: checkpoints.load(ordering: .relaxed),
            behind: checkpointsBehind.load(ordering: .relaxed),
            failed: checkpointFailures.load(ordering: .relaxed)
        )
    }

    /// Sets who is told after each committed batch (see `committed`).
    func observeCommits(_ observer: any CommitObserver) { committed.withLock { $0 = observer } }

    init(database: any DatabaseWriter, nextSequence: Int64, fault: Fault?) {
        self.database = database
        self.fault = fault
        self.queue = Mutex(Queue(nextSequence: nextSequence))
    }

    /// The failure that keeps the journal closed, or nil when the last write committed.
    var failure: JournalError? { queue.withLock { $0.failure } }

    /// Runs `body` under the writer's lock with the next sequence number and the current failure, queues the
    /// entries it returns and waits until their batch is durable. `body` numbers its entries from that sequence on,
    /// in order and without gaps; a resting row takes no number.
    ///
    /// Returns `body`'s value, the first entry's sequence, and the write failure if the batch did not commit.
    /// `body` runs exactly once; when it returns no entries nothing is waited for.
    func record<Value: Sendable>(
        _ body: (_ sequence: Int64, _ failure: JournalError?) -> (entries: [JournalEntry], value: Value)
    ) async -> (value: Value, sequence: Int64, failure: JournalError?) {
        await record { sequence, failure -> ([JournalEntry], Value, AfterWrite?) in
            let (entries, value) = body(sequence, failure)
            return (entries, value, nil)
        }
    }

    /// `record` whose `body` also returns what to do once the entries' write ended (`AfterWrite`); it runs once,
    /// in journal order, before this call returns, whether the write committed or not.
    func record<Value: Sendable>(
        _ body: (_ sequence: Int64, _ failure: JournalError?) -> (
            entries: [JournalEntry], value: Value, afterWrite: AfterWrite?
        )
    ) async -> (value: Value, sequence: Int64, failure: JournalError?) {
        await withCheckedContinuation { waiter in
            record(body) { value, sequence, failure in waiter.resume(returning: (value, sequence, failure)) }
        }
    }

    /// `record` without suspending: `completion` gets `body`'s value, the first entry's sequence and the write
    /// failure once the batch is durable (at once, on the caller's thread, when `body` returns no entries; else on
    /// the writer's drain, after the batch's `AfterWrite`s, so it must not block). The order path of the service
    /// answers this way, without a task per order.
    func record<Value: Sendable>(
        _ body: (_ sequence: Int64, _ failure: JournalError?) -> (
            entries: [JournalEntry], value: Value, afterWrite: AfterWrite?
        ),
        then completion: @escaping @Sendable (_ value: Value, _ sequence: Int64, _ failure: JournalError?) -> Void
    ) {
        let started: (value: Value, first: Int64, drain: Bool?) = queue.withLock { queue in
            let first = queue.nextSequence
            let (entries, value, afterWrite) = body(queue.nextSequence, queue.failure)
            guard !entries.isEmpty else {
                afterWrite?(nil)
                return (value, first, nil)
            }
            let waiter: @Sendable (JournalError?) -> Void = { failure in completion(value, first, failure) }
            for (offset, entry) in entries.enumerated() {
                let last = offset == entries.count - 1
                if let sequence = entry.sequence {
                    assert(sequence == queue.nextSequence, "entries are numbered on from `sequence`, without gaps")
                    queue.nextSequence += 1
                }
                queue.pending.append(
                    Waiting(
                        sequence: entry.sequence,
                        entry: entry,
                        waiter: last ? waiter : nil,
                        afterWrite: last ? afterWrite : nil
                    )
                )
            }
            if queue.draining { return (value, first, false) }
            queue.draining = true
            return (value, first, true)
        }
        switch started.drain {
        case nil: completion(started.value, started.first, nil)
        case true?: drainQueue.async { self.drain() }
        case false?: break
        }
    }

    /// Writes batches until the queue is empty (on `drainQueue`).
    private func drain() {
        while true {
            let next: (batch: [Waiting], write: Int)? = queue.withLock { queue in
                guard !queue.pending.isEmpty else {
                    queue.draining = false
                    return nil
                }
                // Taken whole (no entry copied) unless a failed batch left entries to retry ahead of it.
                let batch = queue.retried.isEmpty ? queue.pending : queue.retried + queue.pending
                queue.retried = []
                queue.pending = []
                queue.writes += 1
                return (batch, queue.writes)
            }
            guard let (batch, write) = next else { return }
            let entries = batch.map(\.entry)
            let fault = self.fault
            var failure: JournalError?
            do {
                try database.writeWithoutTransaction { db in
                    try Self.transaction(db) {
                        for entry in entries { try entry.insert(into: db) }
                        try fault?(write)
                    }
                }
            } catch {
                failure = .writeFailed(write: write, reason: "\(error)")
            }
            let checkpointDue = queue.withLock { queue in
                queue.failure = failure
                if failure == nil {
                    queue.committedSinceCheckpoint += 1
                    committedBatches.add(1, ordering: .relaxed)
                }
                let due = queue.committedSinceCheckpoint >= Self.checkpointEvery
                if due { queue.committedSinceCheckpoint = 0 }
                if failure != nil {
                    queue.retried = batch.filter(\.entry.retriedAfterFailure).map {
                        Waiting(sequence: $0.sequence, entry: $0.entry, waiter: nil)
                    }
                }
                return due
            }
            for waiting in batch { waiting.afterWrite?(failure) }
            if failure == nil, let observer = committed.withLock({ $0 }) {
                observer.committed(entries, rows: batch.reduce(0) { $0 + ($1.sequence == nil ? 0 : 1) })
            }
            for waiting in batch { waiting.waiter?(failure) }
            // After the batch's callers are answered: the checkpoint delays only the batches queued behind it.
            if checkpointDue { checkpoint() }
        }
    }

    /// Runs `body` in one IMMEDIATE transaction, committed when it returns and rolled back when it throws, as GRDB's
    /// `write` does; but BEGIN and COMMIT are cached statements, where `write` prepares both from their text for every
    /// batch (two parses and 22 allocations a batch, `OrderProbe`). The first error is the one thrown: a rollback that
    /// fails too leaves the transaction open, which GRDB's own check then stops the process for (fail closed).
    private static func transaction(_ db: Database, _ body: () throws -> Void) throws {
        try db.cachedStatement(sql: "BEGIN IMMEDIATE TRANSACTION").execute()
        do {
            try body()
            try db.cachedStatement(sql: "COMMIT TRANSACTION").execute()
        } catch {
            try? db.rollback()
            throw error
        }
    }

    /// A PASSIVE checkpoint on the writer's connection, between batches (see `checkpointEvery`). One that cannot copy
    /// every frame (a reader still reads older ones) counts in `checkpointsBehind`; one that fails (an I/O error)
    /// counts in `checkpointFailures`. Neither loses anything: the frames stay in the WAL, and the background
    /// checkpoint and the next one here copy them.
    ///
    /// `SQLITE_BUSY` is not a failure: the store's background checkpoint was running at that moment (SQLite runs one
    /// at a time), so it counts as a checkpoint left behind.
    private func checkpoint() {
        do {
            let (frames, copied) = try database.writeWithoutTransaction { db in try db.checkpoint(.passive) }
            checkpoints.add(1, ordering: .relaxed)
            if copied < frames { checkpointsBehind.add(1, ordering: .relaxed) }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
            checkpoints.add(1, ordering: .relaxed)
            checkpointsBehind.add(1, ordering: .relaxed)
        } catch {
            checkpointFailures.add(1, ordering: .relaxed)
        }
    }
}

/// The journal writer's checkpoints since start (`JournalWriter.checkpointEvery`), for `/metrics`.
public struct CheckpointCounts: Sendable, Equatable {
    /// Checkpoints run (those left behind included).
    public let completed: Int
    /// Of those, the ones that could not copy every frame: a reader still read older ones, or the background
    /// checkpoint was running.
    public let behind: Int
    /// Checkpoints that failed (an I/O error); the WAL then grows until one succeeds.
    public let failed: Int
}

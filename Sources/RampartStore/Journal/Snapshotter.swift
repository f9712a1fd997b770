import GRDB
import Logging
import RampartRules
import Synchronization

/// Takes state snapshots of the journal's fold (`JournalFold`) while the durable gate trades.
///
/// The writer hands over every batch it committed (`committed`); the snapshotter queues the entries and, every
/// `policy.everyRows` rows, folds them onto its fold off the writer's path (on a queue of its own, `QueueExecutor`,
/// not on the event loops that answer requests), in journal order: each committed row is
/// folded once, from the entries themselves (a fill of an order placed before the start is completed with the
/// order's names, read from the journal). When a snapshot is also due by time (`policy.minimumInterval`, and at
/// least 4× the last one's encoding time) the fold is encoded and written with later journal batches (see
/// `StateSnapshots`), then `covered` is told the sequence it covers. Memory plays no other part: the fold is made of
/// committed entries only, so it can never count a row twice or miss one. If folding fails (a row the fold cannot
/// book), snapshots stop until the next start, which folds the journal itself.
final class Snapshotter: CommitObserver {
    private let gate: Gate
    private let database: any DatabaseReader
    private let writer: JournalWriter
    private let policy: SnapshotPolicy
    private let clock: @Sendable () -> Timestamp
    private let logger: Logger?
    private let covered: @Sendable (Int64) async -> Void

    /// What one pass (`run`) owns while it runs: the fold, the names of its open orders (`JournalFold.FilledOrder`),
    /// and the sequence the newest snapshot written covers.
    private struct Folded {
        var fold: JournalFold
        var orders: [Int64: JournalFold.FilledOrder] = [:]
        var written: Int64
    }

    /// Entries committed and not yet folded, rows among them, and whether a pass is running (it then owns `folded`).
    private struct Queue {
        var entries: [JournalEntry] = []
        var rows = 0
        var running = false
        var snapshotNow = false
        var stopped = false
        /// Callers of `takeFinal` waiting for the running pass to end.
        var idle: [CheckedContinuation<Bool?, Never>] = []
    }

    private let queue = Mutex(Queue())
    /// Taken out by the running pass (so folding it in place copies nothing) and put back when it ends.
    private let folded: Mutex<Folded?>
    /// The sequence the newest snapshot written covers (0: none yet), for `takeFinal`'s answer.
    private let written: Atomic<Int64>
    /// When the last snapshot ended and how long encoding it took.
    private let pace = Mutex((last: ContinuousClock.now, cost: Duration.zero))
    /// Where passes run: off the event loops (see `QueueExecutor`).
    private let executor = QueueExecutor(label: "rampart.state-snapshots")

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
        self.folded = Mutex(Folded(fold: fold, written: written))
        self.written = Atomic(written)
        self.policy = policy
        self.clock = clock
        self.logger = logger
        self.covered = covered
    }

    func committed(_ entries: [JournalEntry], rows: Int) {
        let everyRows = policy.everyRows
        let start = queue.withLock { queue -> Bool in
            guard !queue.stopped else { return false }
            queue.entries.append(contentsOf: entries.lazy.filter(Self.folds))
            queue.rows += rows
            guard !queue.running, queue.rows >= everyRows else { return false }
            queue.running = true
            return true
        }
        if start { Task(executorPreference: executor) { await self.run() } }
    }

    /// True for the entries a fold reads (snapshot rows, resting rows and trading states are not part of it).
    private static func folds(_ entry: JournalEntry) -> Bool {
        switch entry {
        case .order, .fill, .release, .external: true
        case .resting, .snapshot, .snapshotPart, .tradingState: false
        }
    }

    /// Takes a snapshot now, without waiting for the policy's rows or interval (after a recovery that folded many
    /// rows, so the next start need not fold them again).
    func takeNow() {
        let start = queue.withLock { queue -> Bool in
            queue.snapshotNow = true
            guard !queue.running, !queue.stopped else { return false }
            queue.running = true
            return true
        }
        if start { Task(executorPreference: executor) { await self.run() } }
    }

    /// Folds every committed entry and writes a snapshot of it now, whatever the policy says, once the pass running
    /// (if any) ended; returns when it is written or failed (logged). For a graceful stop: the next start folds only
    /// rows committed after this. Returns the sequence the newest snapshot covers; nil once snapshots stopped.
    func takeFinal() async -> Int64? {
        while true {
            let claimed: Bool? = await withCheckedContinuation { (waiter: CheckedContinuation<Bool?, Never>) in
                let answer: Bool?? = queue.withLock { queue in
                    if queue.stopped { return .some(nil) }
                    if queue.running {
                        queue.idle.append(waiter)
                        return .none
                    }
                    queue.running = true
                    queue.snapshotNow = true
                    return .some(true)
                }
                if let answer { waiter.resume(returning: answer) }
            }
            switch claimed {
            case nil: return nil
            case true?:
                await withTaskExecutorPreference(executor) { await run() }
                return written.load(ordering: .acquiring)
            case false?: continue  // the pass that was running ended: claim again
            }
        }
    }

    /// Returns once no pass is running (at once when none is). A pass starts when a batch commits, before its callers
    /// are answered, so after the last commit a caller awaited this waits for every snapshot that commit made due
    /// (tests read the snapshot table only then).
    func settled() async {
        while true {
            let waited: Bool? = await withCheckedContinuation { (waiter: CheckedContinuation<Bool?, Never>) in
                let waiting = queue.withLock { queue -> Bool in
                    guard queue.running, !queue.stopped else { return false }
                    queue.idle.append(waiter)
                    return true
                }
                if !waiting { waiter.resume(returning: nil) }
            }
            if waited == nil { return }
        }
    }

    /// Ends the running pass, unless enough rows queued up meanwhile (or a snapshot was asked for) and it is not
    /// `stopping`: returns whether it goes on. Once it ended, `takeFinal` callers waiting for it are told.
    private func endPass(stopping: Bool) -> Bool {
        let everyRows = policy.everyRows
        let waiting: [CheckedContinuation<Bool?, Never>]? = queue.withLock { queue in
            if !stopping, queue.rows >= everyRows || queue.snapshotNow { return nil }
            defer { queue.idle = [] }
            queue.running = false
            if stopping {
                queue.stopped = true
                queue.entries = []
            }
            return queue.idle
        }
        guard let waiting else { return true }
        for waiter in waiting { waiter.resume(returning: false) }
        return false
    }

    /// Folds the queued entries, writes a snapshot when one is due, and runs again while enough rows queued up
    /// meanwhile.
    private func run() async {
        assert(executor.isCurrent, "a snapshot pass runs on the snapshotter's own queue, off the event loops")
        while true {
            let (entries, now) = queue.withLock { queue in
                defer {
                    queue.entries = []
                    queue.rows = 0
                    queue.snapshotNow = false
                }
                return (queue.entries, queue.snapshotNow)
            }
            // The queue's `running` makes this pass the only one, so the fold is there to take.
            guard var fold = folded.withLock({ $0.take() }), await self.fold(entries, into: &fold) else {
                _ = endPass(stopping: true)
                return
            }
            if now || due() { await snapshot(&fold) }
            folded.withLock { $0 = fold }
            guard endPass(stopping: false) else { return }
        }
    }

    /// Folds `entries` onto `folded`, reading first the names of orders their fills need that it does not hold;
    /// false (logged) when that failed and the fold can no longer be trusted.
    private func fold(_ entries: [JournalEntry], into folded: inout Folded) async -> Bool {
        let profile = gate.profile
        let missing = folded.fold.ordersMissing(from: entries, in: folded.orders)
        if !missing.isEmpty {
            do {
                let read = try await database.read { db in try JournalFold.filledOrders(db, sequences: missing) }
                folded.orders.merge(read) { old, _ in old }
            } catch {
                logger?.error(
                    "state snapshots stopped until the next start: orders could not be read",
                    metadata: ["error": "\(error)"]
                )
                return false
            }
        }
        do {
            try folded.fold.apply(entries, orders: &folded.orders, profile: profile)
            return true
        } catch {
            logger?.error(
                "state snapshots stopped until the next start: the journal could not be folded",
                metadata: ["error": "\(error)"]
            )
            return false
        }
    }

    /// Encodes `folded` and writes it, if it covers rows the newest snapshot does not; then tells `covered`.
    private func snapshot(_ folded: inout Folded) async {
        let fold = folded.fold
        guard fold.sequence > folded.written else { return }
        let started = ContinuousClock.now
        let row = StateSnapshots.row(fold, beyond: fold.sequence - folded.written, at: clock())
        let cost = ContinuousClock.now - started
        defer { pace.withLock { $0 = (ContinuousClock.now, cost) } }
        guard let row else {
            logger?.error("state snapshot not taken: a name cannot be written")
            return
        }
        guard await write(row) else { return }
        folded.written = fold.sequence
        written.store(fold.sequence, ordering: .releasing)
        await covered(fold.sequence)
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

    /// True when the last snapshot ended long enough ago for another (`policy.minimumInterval`, and at least 4× the
    /// time encoding the last one took).
    private func due() -> Bool {
        let minimum = policy.minimumInterval
        return pace.withLock { pace in ContinuousClock.now - pace.last >= max(minimum, pace.cost * 4) }
    }
}

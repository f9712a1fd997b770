import Logging
import RampartRules
import Synchronization

/// Takes a state snapshot when `policy` says one is due: the state is copied right after a committed batch's fills
/// are booked (so it holds exactly the fills up to that batch's last sequence), encoded off the writer's path, and
/// written with a later batch (see `StateSnapshots`).
final class Snapshotter: CommitObserver {
    private let gate: Gate
    private let writer: JournalWriter
    private let policy: SnapshotPolicy
    private let clock: @Sendable () -> Timestamp
    private let logger: Logger?
    private let pace = Mutex((fills: 0, last: ContinuousClock.now, writing: false))

    init(
        gate: Gate,
        writer: JournalWriter,
        policy: SnapshotPolicy,
        clock: @escaping @Sendable () -> Timestamp,
        logger: Logger?
    ) {
        self.gate = gate
        self.writer = writer
        self.policy = policy
        self.clock = clock
        self.logger = logger
    }

    func committed(lastSequence: Int64, fills: Int) {
        guard let covered = due(adding: fills) else { return }
        let state = gate.snapshot()
        Task { await self.write(state, covering: lastSequence, fills: covered) }
    }

    private func write(_ state: RiskState, covering sequence: Int64, fills: Int) async {
        defer { pace.withLock { $0 = (0, ContinuousClock.now, false) } }
        guard let row = StateSnapshots.row(state.fillLedger, sequence: sequence, fills: Int64(fills), at: clock())
        else {
            logger?.error("state snapshot not taken: a name cannot be written")
            return
        }
        let (_, _, failure) = await writer.record { _, closed -> ([JournalEntry], Void) in
            closed == nil ? ([.snapshot(row)], ()) : ([], ())
        }
        if let failure { logger?.warning("state snapshot not written", metadata: ["error": "\(failure)"]) }
    }

    /// Counts `fills` more; returns how many fills the snapshot due now covers (and marks it being written), or nil.
    private func due(adding fills: Int) -> Int? {
        let policy = self.policy
        return pace.withLock { pace -> Int? in
            pace.fills += fills
            guard !pace.writing, pace.fills >= policy.everyFills,
                ContinuousClock.now - pace.last >= policy.minimumInterval
            else { return nil }
            pace.writing = true
            defer { pace.fills = 0 }
            return pace.fills
        }
    }
}

/// The replay's four stages and how they meet: parsing (`FillReader`), sequencing (`ReplaySequencer`) and the
/// baseline's book (`BaselineBook`) each on a thread of its own, the gated lanes (`ReplayEngine`) on the calling
/// thread, joined by bounded `HandOff`s of batches.
///
/// The baseline and the gated lanes both take every step the sequencer sends, and need nothing from each other.
struct ReplayPipeline {
    /// Batches a stage may run ahead of the next: at 4,096 fills a batch, 64 let a stage that got the CPU go on for
    /// a quarter of a million fills while the next one waits for its turn on a busy machine (a few megabytes each).
    static let queuedBatches = 64

    let reader: FillReader
    let sequencer: ReplaySequencer
    let book: BaselineBook

    /// Runs every stage to its end, the lanes in `engine` here; throws the first problem in replay order.
    func run(
        through engine: inout ReplayEngine,
        file: String,
        progress: (any DryRunProgress)?,
        estimate: LineProgressEstimate?
    ) throws(DryRunError) {
        let records = HandOff<RecordBatch>(capacity: Self.queuedBatches)
        let spareRecords = HandOff<RecordBatch>(capacity: Self.queuedBatches + 8)
        let toGate = HandOff<ReplayBatch>(capacity: Self.queuedBatches)
        let toBook = HandOff<ReplayBatch>(capacity: Self.queuedBatches)
        let spareSteps = HandOff<ReplayBatch>(capacity: 2 * Self.queuedBatches + 8)
        let reader = self.reader
        let sequencer = self.sequencer
        let book = self.book
        var started: [ReplayThread] = []
        func stopAll() {
            toGate.close()
            records.close()
            toBook.close()
            for thread in started.reversed() { thread.join() }
        }
        let bodies: [@Sendable () -> Void] = [
            { reader.run(into: records, spare: spareRecords) },
            {
                sequencer.run(from: records, spareRecords: spareRecords, gate: toGate, book: toBook, spare: spareSteps)
            },
            { book.run(from: toBook, spare: spareSteps) },
        ]
        for body in bodies {
            guard let thread = ReplayThread(body) else {
                stopAll()
                throw DryRunError(file: file, message: "cannot start a replay thread")
            }
            started.append(thread)
        }
        var gateFailure: (steps: Int, error: DryRunError)?
        var sequenceFailure: DryRunError?
        var reported = 0
        receiving: while let batch = toGate.take() {
            do {
                try engine.replay(batch)
            } catch {
                gateFailure = (engine.stepsReplayed, error)
                break
            }
            if let progress, let last = batch.steps.last, last.index >> 16 > reported >> 16 {
                reported = last.index
                progress.replayed(orders: last.index, fraction: estimate?.fraction(at: .line(last.record.location)))
            }
            let end = batch.end
            batch.release(to: spareSteps)
            switch end {
            case nil: continue
            case .finished?: break receiving
            case .failed(let error)?:
                sequenceFailure = error
                break receiving
            }
        }
        // The sequencer stops (if the lanes stopped early) and closes the book's queue; the book books what it got.
        toGate.close()
        started[1].join()
        started[2].join()
        records.close()
        started[0].join()
        // The first problem in replay order: the baseline books a fill before the lanes see it, and the sequencer
        // stopped at its problem after sending every step before it.
        if let failure = book.failure, failure.booked <= gateFailure?.steps ?? .max { throw failure.error }
        if let gateFailure { throw gateFailure.error }
        if let sequenceFailure { throw sequenceFailure }
    }
}

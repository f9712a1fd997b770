import RampartJSON
import RampartRules

/// `rampart dry-run`: replays a trade history through a profile and reports what the profile would have changed.
public enum DryRun {
    /// Replays `options.tradesPath`, writes the requested files (all or none), and returns the report.
    public static func run(_ options: DryRunOptions) throws(DryRunError) -> DryRunReport {
        var staged: [StagedFile] = []
        defer {
            for file in staged { file.discard() }
            options.progress?.finished()
        }
        let path = options.tradesPath
        let opened: (info: TradeFileInfo, source: any FillRecordSource)
        do {
            opened = try TradeReader.openRecords(path: path, format: options.format, bot: options.bot)
        } catch {
            throw DryRunError(error)
        }
        let info = opened.info
        let profile = try options.profile.withStartingBalance(
            startingBalance(options, info, own: options.profile, fallback: nil)
        )
        let compare = try options.compare.map { other throws(DryRunError) in
            other.withStartingBalance(try startingBalance(options, info, own: other, fallback: profile.startingBalance))
        }
        let currency = try CurrencyCheck(
            profile: profile,
            compare: compare,
            file: path,
            fileCurrency: info.quoteCurrency
        )
        let profiles = ReplayEngine.replayProfiles([profile] + (compare.map { [$0] } ?? []))
        var engine = ReplayEngine(file: path, profiles: profiles, locations: opened.source.locations)
        if let decisionsPath = options.decisionsPath {
            let file = try StagedFile(path: decisionsPath)
            staged.append(file)
            engine.log = DecisionLog(file: file)
        }
        let reader = FillReader(source: opened.source)
        let reading = BaselineReplay(
            file: path,
            locations: opened.source.locations,
            profile: profiles[0],
            currency: currency
        )
        try replay(reader, reading, through: &engine, options: options, format: info.format)
        engine.reserve(bots: reading.botNames.count, positions: reading.positionCount)
        let report = engine.report(
            input: DryRunReport.Input(
                path: path,
                format: info.format,
                orders: reading.orders,
                roundedValues: reader.source.roundedValues,
                currency: reading.currency,
                startingBalance: profile.startingBalance
            ),
            reading: reading
        )
        if let jsonPath = options.jsonPath {
            let file = try StagedFile(path: jsonPath)
            staged.append(file)
            try file.write { output in
                JSONWriter.write(report.json(), into: &output, pretty: true)
                output.append(0x0A)
            }
        }
        if let htmlPath = options.htmlPath {
            let file = try StagedFile(path: htmlPath)
            staged.append(file)
            try file.write { $0.append(contentsOf: report.html().utf8) }
        }
        for file in staged { try file.close() }
        for file in staged { try file.commit() }
        return report
    }

    /// Batches a stage may run ahead of the next: at 4,096 fills a batch, 64 let a stage that got the CPU go on for
    /// a quarter of a million fills while the next one waits for its turn on a busy machine (a few megabytes each).
    static let queuedBatches = 64

    /// Runs `reader` (parse the file) and `reading` (order the fills, book the baseline) on threads of their own
    /// while `engine` gates the steps here, batch by batch: three stages on the machine's cores. Returns when all
    /// are done, or throws the first problem in replay order.
    private static func replay(
        _ reader: FillReader,
        _ reading: BaselineReplay,
        through engine: inout ReplayEngine,
        options: DryRunOptions,
        format: TradeFormat
    ) throws(DryRunError) {
        let records = HandOff<RecordBatch>(capacity: Self.queuedBatches)
        let spareRecords = HandOff<RecordBatch>(capacity: Self.queuedBatches + 8)
        let steps = HandOff<ReplayBatch>(capacity: Self.queuedBatches)
        let spareSteps = HandOff<ReplayBatch>(capacity: Self.queuedBatches + 8)
        guard let parsing = ReplayThread({ reader.run(into: records, spare: spareRecords) }) else {
            throw DryRunError(file: options.tradesPath, message: "cannot start the reading thread")
        }
        defer {
            records.close()
            parsing.join()
        }
        guard
            let booking = ReplayThread({
                reading.run(from: records, spareRecords: spareRecords, into: steps, spare: spareSteps)
            })
        else {
            throw DryRunError(file: options.tradesPath, message: "cannot start the baseline thread")
        }
        // Whatever happens here, both threads are stopped and joined before `reader` and `reading` are read.
        defer {
            steps.close()
            records.close()
            booking.join()
        }
        let estimate = options.progress != nil && format == .csv ? LineProgressEstimate(path: options.tradesPath) : nil
        var reported = 0
        while var batch = steps.take() {
            try engine.replay(batch)
            if let progress = options.progress, let last = batch.steps.last, last.index >> 16 > reported >> 16 {
                reported = last.index
                progress.replayed(orders: last.index, fraction: estimate?.fraction(at: .line(last.record.location)))
            }
            switch batch.end {
            case .finished?: return
            case .failed(let error)?: throw error
            case nil:
                batch.clear()
                _ = spareSteps.put(batch)
            }
        }
    }

    /// `--starting-balance`, else the file's, else the profile's own, else `fallback`; it must be above zero.
    private static func startingBalance(
        _ options: DryRunOptions,
        _ info: TradeFileInfo,
        own profile: CompiledProfile,
        fallback: FixedDecimal?
    ) throws(DryRunError) -> FixedDecimal {
        guard
            let balance = options.startingBalance ?? info.startingBalance ?? profile.spec.startingBalance?.value
                ?? fallback
        else {
            throw DryRunError(
                file: options.tradesPath,
                message: "no starting balance: the file has none and profile '\(profile.name)' sets no "
                    + "account.starting_balance; give --starting-balance"
            )
        }
        guard balance.isPositive else {
            throw DryRunError(
                file: options.tradesPath,
                message: "the starting balance must be above zero, not \(balance)"
            )
        }
        return balance
    }
}

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
        let locations = opened.source.locations
        let sequencer = ReplaySequencer(file: path, locations: locations, currency: currency)
        let book = BaselineBook(file: path, locations: locations, profile: profiles[0])
        let pipeline = ReplayPipeline(reader: FillReader(source: opened.source), sequencer: sequencer, book: book)
        try pipeline.run(
            through: &engine,
            file: path,
            progress: options.progress,
            estimate: options.progress != nil && info.format == .csv ? LineProgressEstimate(path: path) : nil
        )
        book.reserve(bots: sequencer.botNames.count)
        engine.reserve(bots: sequencer.botNames.count, positions: sequencer.positionCount)
        let report = engine.report(
            input: DryRunReport.Input(
                path: path,
                format: info.format,
                orders: sequencer.orders,
                roundedValues: opened.source.roundedValues,
                currency: sequencer.currency,
                startingBalance: profile.startingBalance
            ),
            botNames: sequencer.botNames,
            baseline: book
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

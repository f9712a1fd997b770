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
        let opened: (info: TradeFileInfo, source: any TradeSource)
        do {
            opened = try TradeReader.open(path: path, format: options.format, bot: options.bot)
        } catch {
            throw DryRunError(error)
        }
        let info = opened.info
        var source = opened.source
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
        var engine = ReplayEngine(file: path, profiles: [profile] + (compare.map { [$0] } ?? []), currency: currency)
        if let decisionsPath = options.decisionsPath {
            let file = try StagedFile(path: decisionsPath)
            staged.append(file)
            engine.log = DecisionLog(file: file)
        }
        let estimate = options.progress != nil && info.format == .csv ? LineProgressEstimate(path: path) : nil
        var index = 0
        while true {
            let next: TradeFill?
            do {
                next = try source.next()
            } catch {
                throw DryRunError(error)
            }
            guard let fill = next else { break }
            index += 1
            try engine.consume(fill, index: index)
            if index & 0xFFFF == 0, let progress = options.progress {
                progress.replayed(orders: index, fraction: estimate?.fraction(at: fill.location))
            }
        }
        try engine.finish()
        let report = engine.report(
            input: DryRunReport.Input(
                path: path,
                format: info.format,
                orders: index,
                roundedValues: source.roundedValues,
                currency: engine.currency,
                startingBalance: profile.startingBalance
            )
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

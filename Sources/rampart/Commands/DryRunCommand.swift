import ArgumentParser
import RampartConfig
import RampartJSON
import RampartReplay
import RampartRules

/// `rampart dry-run`: replays historical trades through a profile and reports what it would have changed.
struct DryRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dry-run",
        abstract: "Replay historical trades through a profile and report what it would have changed.",
        discussion: """
            Formats: Rampart CSV (time,bot,symbol,side,quantity,price,fee[,client_order_id]), CCXT unified trades \
            JSON (fetch_my_trades output), freqtrade backtest results JSON. See docs/dry-run.md.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case auto, csv, ccxt, freqtrade
    }

    @OptionGroup var directories: DirectoryOptions

    @Option(help: "Profile name (from --profiles-dir) or path.")
    var profile: String

    @Option(help: "The trade history file.")
    var trades: String

    @Option(help: "Input format; auto sniffs it.")
    var format: Format = .auto

    @Option(help: "Replay only this bot (CCXT files: the bot's name).")
    var bot: String?

    @Option(name: .customLong("starting-balance"), help: "Starting balance; else the file's, else the profile's.")
    var startingBalance: String?

    @Option(help: "A second profile to compare decisions with.")
    var compare: String?

    @Option(help: "Write the machine-readable report here (- for standard output).")
    var json: String?

    @Option(help: "Write one JSON line per order here.")
    var decisions: String?

    @Option(help: "Write a self-contained HTML report with equity curves here.")
    var report: String?

    func run() throws {
        let compiled = try directories.compile(profile)
        let other = try compare.map { try directories.compile($0) }
        var balance: FixedDecimal?
        if let startingBalance {
            do {
                balance = try FixedDecimal(exactly: startingBalance)
            } catch {
                Terminal.printError("error: --starting-balance '\(startingBalance)': \(error)")
                throw ExitCode(2)
            }
        }
        let options = DryRunOptions(
            profile: compiled,
            compare: other,
            tradesPath: trades,
            format: format == .auto ? nil : TradeFormat(rawValue: format.rawValue),
            bot: bot,
            startingBalance: balance,
            decisionsPath: decisions,
            jsonPath: json == "-" ? nil : json,
            htmlPath: report,
            progress: TerminalProgress.ifInteractive(forInputAt: trades)
        )
        let result: DryRunReport
        do {
            result = try DryRun.run(options)
        } catch {
            Terminal.printError(error.description)
            throw ExitCode.failure
        }
        if json == "-" {
            // Standard output carries the JSON alone; the table goes to standard error.
            print(JSONWriter.string(result.json(), pretty: true))
            Terminal.printError(result.table())
        } else {
            print(result.table())
        }
    }
}

import ArgumentParser
import RampartRules
import RampartStore

/// `rampart promote request|confirm`: the two-step promotion of a bot from paper to live trading.
struct PromoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promote",
        abstract: "Promote a bot to live trading: request (eligibility + nonce), then confirm (nonce + I UNDERSTAND).",
        subcommands: [Request.self, Confirm.self]
    )

    /// Judges the bot's paper record and, when eligible, prints a nonce valid for 5 minutes.
    struct Request: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check eligibility and get a confirmation nonce.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var directories: DirectoryOptions
        @Option(help: "The profile whose eligibility thresholds apply.") var profile: String = "paper"
        @Option(help: "The bot.") var bot: String

        func run() throws {
            let compiled = try directories.compile(profile)
            guard let thresholds = compiled.spec.eligibility else {
                Terminal.printError("error: profile '\(compiled.name)' has no eligibility thresholds")
                throw ExitCode.failure
            }
            let database = try store.openExisting()
            let now = Timestamp.now()
            let state = try AdminContext.run { try JournalSnapshot.read(from: database, profile: compiled, at: now) }
            let paper = state.paperRecord(ofBot: bot, now: now, startingBalance: compiled.startingBalance)
            let promotions = Promotions(
                database: database.database,
                audit: try AdminContext.auditLog(database),
                clock: Timestamp.now
            )
            let request = try AdminContext.run {
                try promotions.request(bot: bot, record: paper, thresholds: thresholds, actor: AdminContext.actor)
            }
            print(
                "bot \(bot) is eligible: paper days \(paper.paperDays), trades \(paper.closedTrades), win rate \(paper.winRate), profit \(paper.profit)"
            )
            print("nonce \(request.nonce) (valid until \(request.expiresAt))")
            print("confirm with: rampart promote confirm --db \(store.db) --bot \(bot) --nonce \(request.nonce)")
        }
    }

    /// Confirms a pending request with its nonce and the typed phrase, read from standard input.
    struct Confirm: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Confirm with the nonce; type I UNDERSTAND on stdin.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The bot.") var bot: String
        @Option(help: "The nonce printed by `promote request`.") var nonce: String

        func run() throws {
            Terminal.printError("Type I UNDERSTAND to let \(bot) trade real money:")
            var phrase = String(decoding: Terminal.readStandardInput(), as: UTF8.self)
            if phrase.hasSuffix("\n") { phrase.removeLast() }
            if phrase.hasSuffix("\r") { phrase.removeLast() }
            let database = try store.openExisting()
            let promotions = Promotions(
                database: database.database,
                audit: try AdminContext.auditLog(database),
                clock: Timestamp.now
            )
            try AdminContext.run {
                try promotions.confirm(bot: bot, nonce: nonce, phrase: phrase, actor: AdminContext.actor)
            }
            print("\(bot) is promoted to live trading (live orders also need flags.live_trading: true in the profile)")
        }
    }
}

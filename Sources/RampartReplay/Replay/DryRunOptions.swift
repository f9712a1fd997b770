public import RampartRules

/// What `DryRun.run` replays, through which profiles, and where it writes its files.
public struct DryRunOptions: Sendable {
    /// The profile the trades are replayed through.
    public var profile: CompiledProfile
    /// A second profile to replay through, for `--compare`.
    public var compare: CompiledProfile?
    /// The trade history.
    public var tradesPath: String
    /// The history's format; nil sniffs it.
    public var format: TradeFormat?
    /// Keeps only this bot (CSV, freqtrade) or names the bot (CCXT).
    public var bot: String?
    /// Overrides the file's and the profile's starting balance.
    public var startingBalance: FixedDecimal?
    /// Where to stream the JSONL decisions, one line per order.
    public var decisionsPath: String?
    /// Where to write the JSON report.
    public var jsonPath: String?
    /// Where to write the HTML report.
    public var htmlPath: String?
    /// Receives progress while replaying; nil for none (see `DryRunProgress.terminal(for:)`).
    public var progress: (any DryRunProgress)?

    /// Creates options; only the profile and the trade file are required.
    public init(
        profile: CompiledProfile,
        compare: CompiledProfile? = nil,
        tradesPath: String,
        format: TradeFormat? = nil,
        bot: String? = nil,
        startingBalance: FixedDecimal? = nil,
        decisionsPath: String? = nil,
        jsonPath: String? = nil,
        htmlPath: String? = nil,
        progress: (any DryRunProgress)? = nil
    ) {
        self.profile = profile
        self.compare = compare
        self.tradesPath = tradesPath
        self.format = format
        self.bot = bot
        self.startingBalance = startingBalance
        self.decisionsPath = decisionsPath
        self.jsonPath = jsonPath
        self.htmlPath = htmlPath
        self.progress = progress
    }
}

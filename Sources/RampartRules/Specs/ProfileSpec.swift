/// A profile after `extends` has been merged: every value with where it was written.
public struct ProfileSpec: Sendable, Hashable {
    /// The profile name (the file stem).
    public var name: String
    /// Free text for humans.
    public var description: String?
    /// Where the profile file is.
    public var location: SourceLocation
    /// Profiles this one extends, nearest first (`extends` chain).
    public var extendsChain: [String]
    /// Rule packs, by name, in evaluation order.
    public var packs: [Sourced<String>]
    /// Flags, limits and rate limits.
    public var parameters: [ParameterKey: Sourced<ParameterValue>]
    /// The `flags.autopilot` flag (read by bots, not by checks).
    public var autopilot: Sourced<Bool>?
    /// Quote currency money limits are written in.
    public var currency: Sourced<String>?
    /// `account.type`: spot (the default) cannot go short, margin can.
    public var accountType: Sourced<AccountType>?
    /// The accounts of an `accounts:` section; nil when the profile declares one `account:` (named `default`).
    public var accounts: [AccountSpec]?
    /// Equity an account starts with.
    public var startingBalance: Sourced<FixedDecimal>?
    /// Paper → live promotion thresholds.
    public var eligibility: EligibilityThresholds?
    /// Paper executor simulation settings.
    public var paper: PaperSettings?
    /// Per bot / symbol overrides, first match wins per key.
    public var overrides: [OverrideSpec]
    /// Every file that went into the profile (the profile, its parents, its packs).
    public var files: [String]
    /// SHA-256 (hex) over the content of `files`, set by the loader.
    public var contentHash: String

    /// Creates a profile spec.
    public init(
        name: String,
        description: String? = nil,
        location: SourceLocation,
        extendsChain: [String] = [],
        packs: [Sourced<String>] = [],
        parameters: [ParameterKey: Sourced<ParameterValue>] = [:],
        autopilot: Sourced<Bool>? = nil,
        currency: Sourced<String>? = nil,
        accountType: Sourced<AccountType>? = nil,
        accounts: [AccountSpec]? = nil,
        startingBalance: Sourced<FixedDecimal>? = nil,
        eligibility: EligibilityThresholds? = nil,
        paper: PaperSettings? = nil,
        overrides: [OverrideSpec] = [],
        files: [String] = [],
        contentHash: String = ""
    ) {
        self.name = name
        self.description = description
        self.location = location
        self.extendsChain = extendsChain
        self.packs = packs
        self.parameters = parameters
        self.autopilot = autopilot
        self.currency = currency
        self.accountType = accountType
        self.accounts = accounts
        self.startingBalance = startingBalance
        self.eligibility = eligibility
        self.paper = paper
        self.overrides = overrides
        self.files = files
        self.contentHash = contentHash
    }
}

/// One `overrides` entry: parameters that replace the base ones for matching bots and symbols.
public struct OverrideSpec: Sendable, Hashable {
    /// Bot name pattern; nil matches every bot.
    public var bot: Glob?
    /// Symbol pattern; nil matches every symbol.
    public var symbol: Glob?
    /// The parameters it sets.
    public var parameters: [ParameterKey: Sourced<ParameterValue>]
    /// Where the entry starts.
    public var location: SourceLocation

    /// Creates an override.
    public init(
        bot: Glob? = nil,
        symbol: Glob? = nil,
        parameters: [ParameterKey: Sourced<ParameterValue>],
        location: SourceLocation
    ) {
        self.bot = bot
        self.symbol = symbol
        self.parameters = parameters
        self.location = location
    }

    /// Whether the entry applies to this bot and symbol.
    public func matches(bot botName: String, symbol symbolName: String) -> Bool {
        (bot?.matches(botName) ?? true) && (symbol?.matches(symbolName) ?? true)
    }
}

/// Paper → live promotion thresholds (DESIGN §4).
public struct EligibilityThresholds: Sendable, Hashable {
    /// Minimum days between the first paper trade and now.
    public var minPaperDays: Int
    /// Minimum share of winning closed trades.
    public var minWinRate: Percent
    /// Minimum profit relative to the starting balance.
    public var minProfit: Percent
    /// Minimum number of closed trades.
    public var minTrades: Int
    /// `allow_caller_prices`: a paper record with fills priced by the caller (not by market data) may still be
    /// promoted. Off by default: the record that decides promotion must not be written by the bot itself.
    public var allowCallerPrices: Bool

    /// Creates thresholds.
    public init(
        minPaperDays: Int,
        minWinRate: Percent,
        minProfit: Percent,
        minTrades: Int,
        allowCallerPrices: Bool = false
    ) {
        self.minPaperDays = minPaperDays
        self.minWinRate = minWinRate
        self.minProfit = minProfit
        self.minTrades = minTrades
        self.allowCallerPrices = allowCallerPrices
    }
}

/// The paper executor's simulation settings.
public struct PaperSettings: Sendable, Hashable {
    /// Lowest slippage, always against the order.
    public var slippageLow: Percent
    /// Highest slippage.
    public var slippageHigh: Percent
    /// Share of orders the simulated venue rejects.
    public var rejectRate: Percent
    /// Fee on each fill's notional.
    public var fee: Percent
    /// Seed for the deterministic simulation.
    public var seed: UInt64
    /// `resting_ttl`: how long a limit order that is not marketable rests (its reservation held) before it
    /// expires unfilled.
    public var restingTTL: TimeSpan
    /// `paper.resting_ttl` when a profile does not set it: one day.
    public static let defaultRestingTTL = TimeSpan(nanoseconds: 86_400_000_000_000)

    /// Creates settings.
    public init(
        slippageLow: Percent,
        slippageHigh: Percent,
        rejectRate: Percent,
        fee: Percent,
        seed: UInt64,
        restingTTL: TimeSpan = PaperSettings.defaultRestingTTL
    ) {
        self.slippageLow = slippageLow
        self.slippageHigh = slippageHigh
        self.rejectRate = rejectRate
        self.fee = fee
        self.seed = seed
        self.restingTTL = restingTTL
    }
}

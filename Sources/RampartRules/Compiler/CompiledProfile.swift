import Synchronization

/// An immutable, compiled profile: the rules in evaluation order with their limits, shared by every decision.
public final class CompiledProfile: Sendable {
    /// The profile name.
    public var name: String { identity.name }
    /// SHA-256 of the profile's files; every decision carries it.
    public var hash: String { identity.hash }
    /// The name and hash as a process-lifetime object that decisions point at without retaining it.
    let identity: ProfileIdentity
    /// The merged spec it was compiled from (for `explain` and `diff`).
    public let spec: ProfileSpec
    /// The rules in evaluation order.
    public let rules: [CompiledRule]
    /// Equity a new account starts with.
    public let startingBalance: FixedDecimal
    /// The largest `orders` and `trades` window counts, so state can size its rate buffers once.
    let largestOrderWindow: Int
    let largestTradeWindow: Int
    /// The longest `orders` and `trades` windows, in nanoseconds: an event older than that before the newest can no
    /// longer count in any window (state snapshots leave such events out, see `OrderMemory`).
    let longestOrderSpan: Int64
    let longestTradeSpan: Int64
    /// The rule that reports invalid orders.
    let validityRule: UInt16
    /// `account.type: margin`: sells may go short. Spot accounts (the default) may not (`no_short`).
    public let allowsShort: Bool
    /// The accounts orders may name, by name: `default` for an `account:` section, else the `accounts:` map.
    public let declaredAccounts: [String: AccountSpec]
    /// True for a replay: every account an order names is created on first use at `startingBalance` (the
    /// dry-run gives each bot its own account). False in the service: an undeclared account is `unknown_account`.
    public let fundsAccountsOnFirstUse: Bool
    /// `limits.max_bots`: the most bots one account may hold; a new bot beyond it is `bot_limit`.
    public let maxBotsPerAccount: Int
    /// `limits.max_bots` when a profile does not set it.
    public static let defaultMaxBots = 1_000
    /// `market_data.max_age`: a quote older than this is stale and not used as the reference price.
    public let quoteMaxAge: TimeSpan
    /// `market_data.tolerance`: how far the caller's `reference_price` may be from the market.
    public let quoteTolerance: Percent
    /// `market_data.require`: which orders need a fresh market quote.
    public let quoteRequirement: QuoteRequirement
    /// The enforced `stale_price` rule per mode, if any; without one an order that needs a quote and has none is
    /// invalid (fail closed).
    private let stalePriceRules: (paper: UInt16?, live: UInt16?)
    /// Base parameters merged with each override, in override order (index 0 is the base).
    let parameterSets: [[ParameterKey: Sourced<ParameterValue>]]
    /// Programs built so far, by override mask and symbol: a program depends on nothing else, so every state
    /// (and every what-if copy, which cannot keep what it builds) shares them. Capped at `programCacheLimit`.
    private let programCache = Mutex<[ProgramCacheKey: Program]>([:])
    private static let programCacheLimit = 4_096

    private struct ProgramCacheKey: Hashable {
        var overrides: UInt64
        var symbol: String
    }

    init(
        spec: ProfileSpec,
        rules: [CompiledRule],
        startingBalance: FixedDecimal,
        fundsAccountsOnFirstUse: Bool = false,
        pricedByCaller: Bool = false
    ) {
        self.identity = ProfileIdentity.of(name: spec.name, hash: spec.contentHash)
        self.spec = spec
        self.rules = rules
        self.startingBalance = startingBalance
        self.allowsShort = spec.accountType?.value == .margin
        self.fundsAccountsOnFirstUse = fundsAccountsOnFirstUse
        let declared =
            spec.accounts ?? [
                AccountSpec(
                    name: "default",
                    startingBalance: startingBalance,
                    type: spec.accountType?.value ?? .spot,
                    currency: spec.currency?.value,
                    location: spec.accountType?.location ?? spec.startingBalance?.location ?? spec.location
                )
            ]
        self.declaredAccounts = Dictionary(declared.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        if case .integer(let bots)? = spec.parameters[.maxBots]?.value {
            self.maxBotsPerAccount = bots
        } else {
            self.maxBotsPerAccount = Self.defaultMaxBots
        }
        if case .duration(let age)? = spec.parameters[.marketMaxAge]?.value {
            self.quoteMaxAge = age
        } else {
            self.quoteMaxAge = TimeSpan(nanoseconds: 5_000_000_000)
        }
        if case .percent(let tolerance)? = spec.parameters[.marketTolerance]?.value {
            self.quoteTolerance = tolerance
        } else {
            self.quoteTolerance = Percent(FixedDecimal(1))
        }
        if fundsAccountsOnFirstUse || pricedByCaller {
            // A replay takes its prices from the trade file (historical market prices) and has no feed (DESIGN §7).
            self.quoteRequirement = .none
        } else if case .quoteRequirement(let requirement)? = spec.parameters[.marketRequire]?.value {
            self.quoteRequirement = requirement
        } else {
            self.quoteRequirement = .live
        }
        let staleRules = rules.filter { $0.check == .stalePrice && $0.action.denies }
        self.stalePriceRules = (
            staleRules.first { $0.modes.contains(.paper) }.map { UInt16($0.index) },
            staleRules.first { $0.modes.contains(.live) }.map { UInt16($0.index) }
        )
        var sets = [spec.parameters]
        for override in spec.overrides {
            sets.append(override.parameters)
        }
        self.parameterSets = sets
        var orders: [Rate] = []
        var trades: [Rate] = []
        for set in sets {
            if case .rates(let rates)? = set[.orderRates]?.value { orders += rates }
            if case .rates(let rates)? = set[.tradeRates]?.value { trades += rates }
        }
        for rule in rules {
            if case .literal(.rates(let rates))? = rule.binding {
                if rule.check == .orderRate { orders += rates }
                if rule.check == .tradeRate { trades += rates }
            }
        }
        self.validityRule = UInt16(rules.firstIndex(where: { $0.check == .orderValidity }) ?? 0)
        self.largestOrderWindow = orders.map(\.count).max() ?? 0
        self.largestTradeWindow = trades.map(\.count).max() ?? 0
        self.longestOrderSpan = orders.map(\.window.nanoseconds).max() ?? 0
        self.longestTradeSpan = trades.map(\.window.nanoseconds).max() ?? 0
    }

    /// The same profile with another starting balance (a dry-run's `--starting-balance`); the hash is kept.
    public func withStartingBalance(_ balance: FixedDecimal) -> CompiledProfile {
        var spec = self.spec
        spec.startingBalance = Sourced(balance, at: spec.location, via: "starting balance given to the replay")
        return CompiledProfile(
            spec: spec,
            rules: rules,
            startingBalance: balance,
            fundsAccountsOnFirstUse: fundsAccountsOnFirstUse
        )
    }

    /// The same profile for a backtest session: no order needs a market quote (a session has no market data; the
    /// caller's prices are the candles'), and with `startingBalance` every account starts with it, declared ones
    /// too; accounts stay as strict as the profile says. The hash is kept.
    public func forBacktest(startingBalance balance: FixedDecimal?) -> CompiledProfile {
        var spec = self.spec
        if let balance {
            spec.startingBalance = Sourced(balance, at: spec.location, via: "starting balance given to the session")
            spec.accounts = spec.accounts?.map { account in
                var funded = account
                funded.startingBalance = balance
                return funded
            }
        }
        return CompiledProfile(
            spec: spec,
            rules: rules,
            startingBalance: balance ?? startingBalance,
            fundsAccountsOnFirstUse: fundsAccountsOnFirstUse,
            pricedByCaller: true
        )
    }

    /// The same profile for a replay: every account an order names is created on first use at the starting
    /// balance, with the profile's `account.type` (a dry-run gives each bot its own account), and no order needs a
    /// market quote (the trade file's prices are the market's); the hash is kept.
    public func fundingAccountsOnFirstUse() -> CompiledProfile {
        CompiledProfile(spec: spec, rules: rules, startingBalance: startingBalance, fundsAccountsOnFirstUse: true)
    }

    /// The enforced `stale_price` rule for orders in `mode`, if the profile has one.
    func stalePriceRule(for mode: TradingMode) -> UInt16? {
        mode == .paper ? stalePriceRules.paper : stalePriceRules.live
    }

    /// Whether orders may name `account`.
    public func admitsAccount(_ account: String) -> Bool {
        fundsAccountsOnFirstUse || declaredAccounts[account] != nil
    }

    /// The effective value of `key` for a bot and symbol: the first matching override that sets it, else the base.
    public func parameter(_ key: ParameterKey, bot: String, symbol: String) -> Sourced<ParameterValue>? {
        for (offset, override) in spec.overrides.enumerated() where override.matches(bot: bot, symbol: symbol) {
            if let value = parameterSets[offset + 1][key] { return value }
        }
        return parameterSets[0][key]
    }

    /// Which overrides match a bot and symbol, as a bit set (override i is bit i; at most 64 overrides).
    func overrideMask(bot: String, symbol: String) -> UInt64 {
        var mask: UInt64 = 0
        for (offset, override) in spec.overrides.enumerated() where override.matches(bot: bot, symbol: symbol) {
            mask |= 1 << UInt64(offset)
        }
        return mask
    }

    /// The steps for a bot and symbol whose override mask is `mask`, built once per mask and symbol.
    func program(bot: String, symbol: String, mask: UInt64) -> Program {
        let key = ProgramCacheKey(overrides: mask, symbol: symbol)
        if let cached = programCache.withLock({ $0[key] }) { return cached }
        let built = program(bot: bot, symbol: symbol)
        programCache.withLock { cache in
            if cache.count < Self.programCacheLimit { cache[key] = built }
        }
        return built
    }

    /// Builds the steps for one bot and symbol.
    func program(bot: String, symbol: String) -> Program {
        var program = Program()
        program.reserveCapacity(rules.count + 4)
        for rule in rules {
            let limit: ParameterValue?
            switch rule.binding {
            case .parameter(let key)?: limit = parameter(key, bot: bot, symbol: symbol)?.value
            case .literal(let value)?: limit = value
            case nil: limit = nil
            }
            let modes: UInt8 = (rule.modes.contains(.paper) ? 1 : 0) | (rule.modes.contains(.live) ? 2 : 0)
            func step(_ op: Step.Op) -> Step {
                Step(
                    rule: UInt16(rule.index),
                    modes: modes,
                    enforced: rule.action.denies,
                    exemptsRiskReducing: rule.check.exemptsRiskReducing,
                    op: op
                )
            }
            // Steps that can never be violated for this bot and symbol are left out (`ops` is empty for them).
            for op in Step.Op.ops(for: rule.check, limit: limit, symbol: symbol) { program.append(step(op)) }
        }
        return program
    }
}

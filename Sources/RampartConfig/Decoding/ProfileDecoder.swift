import RampartRules
import RampartYAML

/// Decodes one profile file (`profiles/NAME.yaml`) into a `ProfileDocument`, without resolving `extends`.
struct ProfileDecoder {
    /// The top-level keys of a profile.
    static let topLevelKeys = [
        "profile", "extends", "description", "rules", "flags", "account", "accounts", "limits", "rate_limits",
        "eligibility", "paper", "market_data", "overrides",
    ]

    var context: DecodingContext

    /// Decodes `root`, loaded from `file`; returns the document, or nil with the errors.
    static func decode(_ root: YAMLNode, file: String) -> (document: ProfileDocument?, diagnostics: [Diagnostic]) {
        var decoder = ProfileDecoder(context: DecodingContext(file: file))
        let document = decoder.decodeProfile(root)
        return (decoder.context.hasErrors ? nil : document, decoder.context.diagnostics)
    }

    private mutating func decodeProfile(_ root: YAMLNode) -> ProfileDocument? {
        guard let pairs = context.mapping(root, for: "profile") else { return nil }
        let known = context.knownPairs(pairs, allowed: Self.topLevelKeys, in: "the profile")
        _ = context.requireKeys(["profile"], in: pairs, of: "the profile", at: root.mark)
        let stem = FileName.stem(of: context.file)
        var document = ProfileDocument(file: context.file, name: stem, location: context.location(root.mark))
        for pair in known {
            switch pair.key {
            case "profile":
                document.location = context.location(pair.keyMark)
                guard let name = context.string(pair.value, for: "profile") else { continue }
                if name.value != stem {
                    context.error(
                        "profile name '\(name.value)' does not match the file name "
                            + "'\(FileName.lastComponent(of: context.file))'; write 'profile: \(stem)' or rename the file",
                        at: pair.value.mark
                    )
                }
            case "extends":
                document.extends = context.string(pair.value, for: "extends")
            case "description":
                document.description = context.string(pair.value, for: "description")?.value
            case "rules":
                document.packs = decodePackNames(pair.value)
            case "flags":
                let extras = context.decodeParameters(
                    pair.value,
                    section: "flags",
                    extraKeys: ["autopilot"],
                    into: &document.parameters
                )
                for extra in extras { document.autopilot = context.bool(extra.value, for: "flags.autopilot") }
            case "account":
                if let other = known.first(where: { $0.key == "accounts" }) {
                    context.error(
                        "a profile declares 'account:' (one account named default) or 'accounts:' (by name), not both",
                        at: other.keyMark
                    )
                }
                document.declaresAccount = true
                decodeAccount(pair.value, into: &document)
            case "accounts":
                document.accounts = decodeAccounts(pair.value)
            case "limits", "rate_limits", "market_data":
                _ = context.decodeParameters(pair.value, section: pair.key, into: &document.parameters)
            case "eligibility":
                document.eligibility = decodeEligibility(pair.value)
            case "paper":
                document.paper = decodePaper(pair.value)
            default:
                document.overrides = decodeOverrides(pair.value)
            }
        }
        return document
    }

    private mutating func decodePackNames(_ node: YAMLNode) -> [Sourced<String>]? {
        guard let items = context.sequence(node, for: "rules", of: "rule pack names") else { return nil }
        var names: [Sourced<String>] = []
        for item in items {
            guard let name = context.string(item, for: "rules") else { continue }
            if let first = names.first(where: { $0.value == name.value }) {
                context.error(
                    "rule pack '\(name.value)' is listed twice",
                    at: item.mark,
                    notes: [.init("first listed here", at: first.location)]
                )
                continue
            }
            names.append(name)
        }
        return names
    }

    private mutating func decodeAccount(_ node: YAMLNode, into document: inout ProfileDocument) {
        guard let pairs = context.mapping(node, for: "account") else { return }
        for pair in context.knownPairs(pairs, allowed: ["currency", "starting_balance", "type"], in: "'account'") {
            if pair.key == "currency" {
                document.currency = context.string(pair.value, for: "account.currency")
            } else if pair.key == "type" {
                guard let text = context.string(pair.value, for: "account.type") else { continue }
                if let type = AccountType(rawValue: text.value) {
                    document.accountType = Sourced(type, at: text.location)
                } else {
                    context.error(
                        "invalid value '\(text.value)' for 'account.type': expected spot or margin",
                        at: pair.value.mark
                    )
                }
            } else if let balance = context.decimal(pair.value, for: "account.starting_balance") {
                if balance.value.isPositive {
                    document.startingBalance = balance
                } else {
                    context.error(
                        "invalid value \(balance.value) for 'account.starting_balance': must be greater than zero",
                        at: pair.value.mark
                    )
                }
            }
        }
    }

    /// `accounts: {NAME: {starting_balance, currency, type}}`: each account an order may name.
    private mutating func decodeAccounts(_ node: YAMLNode) -> [AccountSpec]? {
        guard let entries = context.mapping(node, for: "accounts") else { return nil }
        if entries.isEmpty { context.error("'accounts' declares no account; name at least one", at: node.mark) }
        var accounts: [AccountSpec] = []
        for entry in entries {
            let name = entry.key
            guard NameGrammar.admits(name) else {
                context.error("invalid account name '\(name)': use \(NameGrammar.description)", at: entry.keyMark)
                continue
            }
            let path = "accounts.\(name)"
            guard let pairs = context.mapping(entry.value, for: path) else { continue }
            let allowed = ["starting_balance", "currency", "type"]
            guard context.requireKeys(["starting_balance"], in: pairs, of: "'\(path)'", at: entry.value.mark) else {
                continue
            }
            var balance: FixedDecimal?
            var currency: String?
            var type = AccountType.spot
            for pair in context.knownPairs(pairs, allowed: allowed, in: "'\(path)'") {
                switch pair.key {
                case "starting_balance":
                    guard let value = context.decimal(pair.value, for: "\(path).starting_balance") else { continue }
                    if value.value.isPositive {
                        balance = value.value
                    } else {
                        context.error(
                            "invalid value \(value.value) for '\(path).starting_balance': must be greater than zero",
                            at: pair.value.mark
                        )
                    }
                case "currency":
                    currency = context.string(pair.value, for: "\(path).currency")?.value
                default:
                    guard let text = context.string(pair.value, for: "\(path).type") else { continue }
                    if let parsed = AccountType(rawValue: text.value) {
                        type = parsed
                    } else {
                        context.error(
                            "invalid value '\(text.value)' for '\(path).type': expected spot or margin",
                            at: pair.value.mark
                        )
                    }
                }
            }
            if let balance {
                accounts.append(
                    AccountSpec(
                        name: name,
                        startingBalance: balance,
                        type: type,
                        currency: currency,
                        location: context.location(entry.keyMark)
                    )
                )
            }
        }
        return accounts
    }

    private mutating func decodeEligibility(_ node: YAMLNode) -> EligibilityDraft {
        var draft = EligibilityDraft(isGiven: true)
        guard let pairs = context.mapping(node, for: "eligibility") else { return draft }
        let keys = ["min_paper_days", "min_win_rate", "min_profit", "min_trades", "allow_caller_prices"]
        for pair in context.knownPairs(pairs, allowed: keys, in: "'eligibility'") {
            let path = "eligibility.\(pair.key)"
            switch pair.key {
            case "min_paper_days": draft.minPaperDays = context.count(pair.value, for: path)
            case "min_win_rate": draft.minWinRate = context.fraction(pair.value, for: path)
            case "min_profit": draft.minProfit = context.fraction(pair.value, for: path)
            case "allow_caller_prices": draft.allowCallerPrices = context.bool(pair.value, for: path)
            default: draft.minTrades = context.count(pair.value, for: path)
            }
        }
        return draft
    }

    private mutating func decodePaper(_ node: YAMLNode) -> PaperDraft {
        var draft = PaperDraft(isGiven: true)
        guard let pairs = context.mapping(node, for: "paper") else { return draft }
        let keys = ["slippage", "reject_rate", "fee", "seed", "resting_ttl"]
        for pair in context.knownPairs(pairs, allowed: keys, in: "'paper'") {
            let path = "paper.\(pair.key)"
            switch pair.key {
            case "slippage": draft.slippage = decodeSlippage(pair.value)
            case "reject_rate": draft.rejectRate = context.fraction(pair.value, for: path)
            case "fee": draft.fee = context.fraction(pair.value, for: path)
            case "resting_ttl": draft.restingTTL = positiveDuration(pair.value, for: path)
            default:
                draft.seed = context.count(pair.value, for: path).map { Sourced(UInt64($0.value), at: $0.location) }
            }
        }
        return draft
    }

    /// A duration above zero.
    private mutating func positiveDuration(_ node: YAMLNode, for path: String) -> Sourced<TimeSpan>? {
        guard let duration = context.duration(node, for: path) else { return nil }
        guard duration.value.nanoseconds > 0 else {
            context.error("invalid value \(duration.value) for '\(path)': must be longer than zero", at: node.mark)
            return nil
        }
        return duration
    }

    /// `[low%, high%]` with low ≤ high.
    private mutating func decodeSlippage(_ node: YAMLNode) -> Sourced<SlippageRange>? {
        guard let items = context.sequence(node, for: "paper.slippage", of: "two percentages") else { return nil }
        guard items.count == 2 else {
            context.error(
                "'paper.slippage' needs exactly two percentages [low, high], like [0.1%, 0.2%]; got \(items.count)",
                at: node.mark
            )
            return nil
        }
        let low = context.fraction(items[0], for: "paper.slippage")
        let high = context.fraction(items[1], for: "paper.slippage")
        guard let low, let high else { return nil }
        guard low.value <= high.value else {
            context.error(
                "'paper.slippage' low \(low.value) is above high \(high.value); write [low, high]",
                at: node.mark
            )
            return nil
        }
        return Sourced(SlippageRange(low: low.value, high: high.value), at: context.location(node.mark))
    }
}

import RampartRules
import RampartYAML

extension DecodingContext {
    /// The keys of a parameter section (`flags`, `limits`, `rate_limits`), in catalog order.
    static func parameterKeys(in section: String) -> [ParameterKey] {
        ParameterKey.allCases.filter { $0.sectionAndKey.section == section }
    }

    /// Decodes the entries of a parameter section into `parameters`; pairs named in `extraKeys` are returned undecoded.
    mutating func decodeParameters(
        _ node: YAMLNode,
        section: String,
        extraKeys: [String] = [],
        into parameters: inout [ParameterKey: Sourced<ParameterValue>]
    ) -> [YAMLPair] {
        guard let pairs = mapping(node, for: section) else { return [] }
        let keys = Self.parameterKeys(in: section)
        let allowed = keys.map { $0.sectionAndKey.key } + extraKeys
        var extras: [YAMLPair] = []
        for pair in knownPairs(pairs, allowed: allowed, in: "'\(section)'") {
            guard let key = keys.first(where: { $0.sectionAndKey.key == pair.key }) else {
                extras.append(pair)
                continue
            }
            if let value = parameterValue(pair.value, kind: key.kind, for: key.rawValue) {
                parameters[key] = value
            }
        }
        return extras
    }

    /// Decodes a value of `kind` and checks its range with `ParameterValue.rangeProblem()`.
    mutating func parameterValue(_ node: YAMLNode, kind: ParameterKind, for path: String) -> Sourced<ParameterValue>? {
        guard let value = unrangedValue(node, kind: kind, for: path) else { return nil }
        if let problem = value.rangeProblem() {
            error("invalid value \(node.scalar ?? value.description) for '\(path)': \(problem)", at: node.mark)
            return nil
        }
        return Sourced(value, at: location(node.mark))
    }

    /// Decodes a value of `kind` without range checks.
    private mutating func unrangedValue(_ node: YAMLNode, kind: ParameterKind, for path: String) -> ParameterValue? {
        switch kind {
        case .bool: return bool(node, for: path).map { .bool($0.value) }
        case .integer: return integer(node, for: path).map { .integer($0.value) }
        case .decimal: return decimal(node, for: path).map { .decimal($0.value) }
        case .percent: return percent(node, for: path).map { .percent($0.value) }
        case .duration: return duration(node, for: path).map { .duration($0.value) }
        case .rates: return rates(node, for: path).map { .rates($0) }
        case .lossStreak: return lossStreak(node, for: path).map { .lossStreak($0) }
        case .symbols: return symbolFilter(node, for: path).map { .symbols($0) }
        case .quoteRequirement: return quoteRequirement(node, for: path).map { .quoteRequirement($0) }
        }
    }

    /// `none`, `live` or `all` (`market_data.require`).
    private mutating func quoteRequirement(_ node: YAMLNode, for path: String) -> QuoteRequirement? {
        guard let text = string(node, for: path) else { return nil }
        if let requirement = QuoteRequirement(rawValue: text.value) { return requirement }
        error("invalid value \(text.value) for '\(path)': expected none, live or all", at: node.mark)
        return nil
    }

    /// One rate (`30/1m`) or a list of rates (`[30/1m, 500/1h]`).
    private mutating func rates(_ node: YAMLNode, for path: String) -> [Rate]? {
        guard let items = node.sequence else {
            return rate(node, for: path).map { [$0.value] }
        }
        var rates: [Rate] = []
        var failed = false
        for item in items {
            if let rate = rate(item, for: path) { rates.append(rate.value) } else { failed = true }
        }
        return failed ? nil : rates
    }

    /// `{ losses: 3, cooldown: 2h }`.
    private mutating func lossStreak(_ node: YAMLNode, for path: String) -> LossStreak? {
        guard let pairs = mapping(node, for: path) else { return nil }
        let known = knownPairs(pairs, allowed: ["losses", "cooldown"], in: "'\(path)'")
        var losses: Int?
        var cooldown: TimeSpan?
        for pair in known {
            if pair.key == "losses" {
                losses = integer(pair.value, for: "\(path).losses")?.value
            } else {
                cooldown = duration(pair.value, for: "\(path).cooldown")?.value
            }
        }
        guard requireKeys(["losses", "cooldown"], in: pairs, of: "'\(path)'", at: node.mark),
            known.count == pairs.count, let losses, let cooldown
        else { return nil }
        return LossStreak(losses: losses, cooldown: cooldown)
    }

    /// `{ deny: ["LUNA/*"], allow: ["*/USDT"] }`; an absent `allow` admits every symbol not denied.
    private mutating func symbolFilter(_ node: YAMLNode, for path: String) -> SymbolFilter? {
        guard let pairs = mapping(node, for: path) else { return nil }
        let known = knownPairs(pairs, allowed: ["deny", "allow"], in: "'\(path)'")
        var filter = SymbolFilter()
        var failed = known.count != pairs.count
        for pair in known {
            let listPath = "\(path).\(pair.key)"
            guard let items = sequence(pair.value, for: listPath, of: "patterns") else {
                failed = true
                continue
            }
            var globs: [Glob] = []
            for item in items {
                if let glob = glob(item, for: listPath) { globs.append(glob.value) } else { failed = true }
            }
            if pair.key == "deny" { filter.deny = globs } else { filter.allow = globs }
        }
        return failed ? nil : filter
    }
}

import RampartRules
import RampartYAML

extension ProfileDecoder {
    /// The keys an `overrides` entry may have.
    static let overrideKeys = ["match", "limits", "rate_limits"]

    /// Decodes the `overrides` list: each entry matches bots and/or symbols and replaces limits and rate limits.
    mutating func decodeOverrides(_ node: YAMLNode) -> [OverrideSpec]? {
        guard let items = context.sequence(node, for: "overrides", of: "overrides") else { return nil }
        var overrides: [OverrideSpec] = []
        for item in items {
            if let override = decodeOverride(item) { overrides.append(override) }
        }
        return overrides
    }

    private mutating func decodeOverride(_ node: YAMLNode) -> OverrideSpec? {
        guard let pairs = context.mapping(node, for: "overrides") else { return nil }
        var known: [YAMLPair] = []
        for pair in pairs {
            if Self.overrideKeys.contains(pair.key) {
                known.append(pair)
            } else if Self.topLevelKeys.contains(pair.key) {
                context.error(
                    "'\(pair.key)' cannot be overridden; only 'limits' and 'rate_limits' may be overridden",
                    at: pair.keyMark
                )
            } else {
                known += context.knownPairs([pair], allowed: Self.overrideKeys, in: "an override")
            }
        }
        // After an unknown or forbidden key, "needs match" or "needs limits" would only repeat that error.
        let isComplete = known.count == pairs.count
        guard let match = known.first(where: { $0.key == "match" }) else {
            if isComplete { context.error("an override needs 'match' with 'bot' and/or 'symbol'", at: node.mark) }
            return nil
        }
        var override = OverrideSpec(parameters: [:], location: context.location(node.mark))
        if let matchPairs = context.mapping(match.value, for: "match") {
            for pair in context.knownPairs(matchPairs, allowed: ["bot", "symbol"], in: "'match'") {
                let glob = context.glob(pair.value, for: "match.\(pair.key)")?.value
                if pair.key == "bot" { override.bot = glob } else { override.symbol = glob }
            }
            if matchPairs.isEmpty {
                context.error("'match' needs 'bot' and/or 'symbol'", at: match.value.mark)
            }
        }
        for pair in known where pair.key != "match" {
            _ = context.decodeParameters(pair.value, section: pair.key, into: &override.parameters)
        }
        if isComplete && !known.contains(where: { $0.key != "match" }) {
            context.error("an override needs 'limits' or 'rate_limits' to change", at: node.mark)
        }
        return override
    }
}

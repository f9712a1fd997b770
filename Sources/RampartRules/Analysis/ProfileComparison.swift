/// How a changed value moves the gate: does the new profile deny more, less, or differently?
public enum Tightening: String, Sendable, Hashable {
    /// Denies at least everything the old value denied.
    case tighter
    /// Denies at most what the old value denied.
    case looser
    /// Neither: some orders move each way, or the values cannot be ordered.
    case mixed
    /// Does not change what the gate denies (e.g. paper simulation settings).
    case neutral
}

/// One difference between two profiles.
public struct ProfileChange: Sendable, Hashable {
    /// The parameter path, e.g. `limits.max_order_notional` or `rules.order-notional`.
    public var key: String
    /// Where it applies: `base`, or an override pattern such as `bot scalper-*`.
    public var scope: String
    /// The old value as written (`-` when absent).
    public var old: String
    /// The new value as written (`-` when absent).
    public var new: String
    /// How the change moves the gate.
    public var direction: Tightening
}

/// The verdict of `rampart diff`: is the new profile tighter than the old one?
public enum ComparisonVerdict: String, Sendable, Hashable {
    case tighter, looser, mixed, same
}

/// Every parameter, flag and rule that differs between two compiled profiles, with a verdict.
public struct ProfileComparison: Sendable {
    /// The differences, base scope first, then each override pattern.
    public let changes: [ProfileChange]
    /// `tighter` when every change is tighter, `looser` when every change is looser, `same` when nothing that
    /// affects decisions changed, `mixed` otherwise.
    public let verdict: ComparisonVerdict

    /// Compares `new` against `old`.
    public init(old: CompiledProfile, new: CompiledProfile) {
        var changes: [ProfileChange] = []
        for scope in Self.scopes(old, new) {
            for key in ParameterKey.allCases {
                let before = Self.effective(key, in: old, scope: scope)
                let after = Self.effective(key, in: new, scope: scope)
                guard before != after else { continue }
                changes.append(
                    ProfileChange(
                        key: key.rawValue,
                        scope: scope.label,
                        old: before?.description ?? "-",
                        new: after?.description ?? "-",
                        direction: Self.direction(key, before, after)
                    )
                )
            }
        }
        changes += Self.ruleChanges(old, new)
        changes += Self.settingChanges(old.spec, new.spec)
        changes += Self.accountChanges(old.declaredAccounts, new.declaredAccounts)
        self.changes = changes
        let directions = Set(changes.map(\.direction)).subtracting([.neutral])
        if directions.isEmpty {
            verdict = .same
        } else if directions == [.tighter] {
            verdict = .tighter
        } else if directions == [.looser] {
            verdict = .looser
        } else {
            verdict = .mixed
        }
    }

    /// A place to compare values: the base, or a representative bot and symbol for one override pattern.
    struct Scope: Hashable {
        var label: String
        var bot: String
        var symbol: String
    }

    /// The base scope plus one representative per override pattern of either profile (`*` becomes `x`).
    static func scopes(_ old: CompiledProfile, _ new: CompiledProfile) -> [Scope] {
        var scopes = [Scope(label: "base", bot: "\u{1}bot", symbol: "\u{1}/\u{1}")]
        for override in old.spec.overrides + new.spec.overrides {
            var parts: [String] = []
            if let bot = override.bot { parts.append("bot \(bot)") }
            if let symbol = override.symbol { parts.append("symbol \(symbol)") }
            let scope = Scope(
                label: parts.joined(separator: ", "),
                bot: override.bot.map { String($0.pattern.map { $0 == "*" ? "x" : $0 }) } ?? "\u{1}bot",
                symbol: override.symbol.map { String($0.pattern.map { $0 == "*" ? "x" : $0 }) } ?? "\u{1}/\u{1}"
            )
            if !scopes.contains(scope) { scopes.append(scope) }
        }
        return scopes
    }

    /// The value a check would use for `key` in a scope, or nil when no active rule reads it.
    static func effective(_ key: ParameterKey, in profile: CompiledProfile, scope: Scope) -> ParameterValue? {
        // `market_data` decides which price every order is judged at, whichever rules read it.
        let read =
            key.sectionAndKey.section == "market_data"
            || profile.rules.contains { rule in
                if case .parameter(let bound)? = rule.binding { return bound == key && rule.action.denies }
                return false
            }
        guard read else { return nil }
        return profile.parameter(key, bot: scope.bot, symbol: scope.symbol)?.value
    }
}

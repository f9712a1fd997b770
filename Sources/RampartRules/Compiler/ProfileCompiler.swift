/// Compiles a merged profile and its rule packs into a `CompiledProfile`, or explains why it cannot.
public enum ProfileCompiler {
    /// Compiles `profile` with the packs it names; `packs` maps pack name to pack.
    public static func compile(
        _ profile: ProfileSpec,
        packs: [String: RulePackSpec]
    ) throws(DiagnosticError)
        -> CompiledProfile
    {
        var diagnostics: [Diagnostic] = []
        var specs: [RuleSpec] = []
        var firstSeen: [String: SourceLocation] = [:]
        for pack in profile.packs {
            guard let spec = packs[pack.value] else {
                diagnostics.append(Diagnostic(.error, "unknown rule pack '\(pack.value)'", at: pack.location))
                continue
            }
            for rule in spec.rules {
                if let first = firstSeen[rule.id] {
                    diagnostics.append(
                        Diagnostic(
                            .error,
                            "duplicate rule id '\(rule.id)'",
                            at: rule.location,
                            notes: [.init("first defined here", at: first)]
                        )
                    )
                    continue
                }
                firstSeen[rule.id] = rule.location
                specs.append(rule)
            }
        }
        if profile.overrides.count > 64 {
            diagnostics.append(
                Diagnostic(
                    .error,
                    "at most 64 overrides are supported, found \(profile.overrides.count)",
                    at: profile.location
                )
            )
        }

        var parameters = profile.parameters
        // DESIGN §1, §7, §8: live trading off, 1000 bots per account, market data 5s / 1% / live, unless set.
        for key in ParameterKey.allCases where parameters[key] == nil {
            if let (value, reason) = key.defaultValue {
                parameters[key] = Sourced(value, at: profile.location, via: reason)
            }
        }
        if case .integer(let bots)? = parameters[.maxBots]?.value, bots < 1, let at = parameters[.maxBots] {
            diagnostics.append(
                Diagnostic(.error, "invalid value \(bots) for 'limits.max_bots': must be at least 1", at: at.location)
            )
        }
        var effective = profile
        effective.parameters = parameters

        // Always-on checks that no pack names are added with the engine's defaults, right after order validity.
        var ordered: [(spec: RuleSpec, implicit: Bool)] = []
        for check in CheckKind.alwaysOn where !specs.contains(where: { $0.check == check }) {
            let id = String(check.rawValue.map { $0 == "_" ? "-" : $0 })
            ordered.append((RuleSpec(id: id, check: check, location: profile.location), true))
        }
        ordered += specs.map { ($0, false) }

        var rules: [CompiledRule] = []
        for (index, entry) in ordered.enumerated() {
            let rule = entry.spec
            if CheckKind.alwaysOn.contains(rule.check) && rule.action != .deny {
                diagnostics.append(
                    Diagnostic(
                        .error,
                        "rule '\(rule.id)': check '\(rule.check)' is always enforced; on_violation must be 'deny'",
                        at: rule.location
                    )
                )
            }
            var baseLimit: Sourced<ParameterValue>?
            switch rule.limit {
            case .parameter(let key)?:
                guard let value = parameters[key] else {
                    diagnostics.append(
                        Diagnostic(
                            .error,
                            "rule '\(rule.id)' (check '\(rule.check)') needs '\(key)', which profile '\(profile.name)' does not set",
                            at: rule.location,
                            notes: [.init("profile '\(profile.name)' is defined here", at: profile.location)]
                        )
                    )
                    continue
                }
                if let expected = rule.check.parameterKind, value.value.kind != expected {
                    diagnostics.append(
                        Diagnostic(
                            .error,
                            "rule '\(rule.id)' (check '\(rule.check)') needs a \(expected) limit, but '\(key)' is a \(value.value.kind)",
                            at: rule.limitLocation ?? rule.location,
                            notes: [.init("'\(key)' is set here", at: value.location)]
                        )
                    )
                }
                for override in profile.overrides {
                    if let value = override.parameters[key], let expected = rule.check.parameterKind,
                        value.value.kind != expected
                    {
                        diagnostics.append(
                            Diagnostic(
                                .error,
                                "override sets '\(key)' to a \(value.value.kind), but rule '\(rule.id)' needs a \(expected)",
                                at: value.location,
                                notes: [.init("rule '\(rule.id)' is defined here", at: rule.location)]
                            )
                        )
                    }
                }
                baseLimit = value
            case .literal(let value)?:
                if let expected = rule.check.parameterKind, value.kind != expected {
                    diagnostics.append(
                        Diagnostic(
                            .error,
                            "rule '\(rule.id)' (check '\(rule.check)') needs a \(expected) limit, got a \(value.kind)",
                            at: rule.limitLocation ?? rule.location
                        )
                    )
                }
                baseLimit = Sourced(value, at: rule.limitLocation ?? rule.location, via: "literal in rule")
            case nil:
                baseLimit = nil
            }
            rules.append(
                CompiledRule(
                    index: index,
                    id: rule.id,
                    check: rule.check,
                    modes: rule.modes,
                    action: rule.action,
                    message: rule.message ?? rule.check.defaultMessage,
                    binding: rule.limit,
                    baseLimit: baseLimit,
                    location: rule.location,
                    isImplicit: entry.implicit
                )
            )
        }
        let startingBalance = profile.startingBalance?.value ?? profile.accounts?.first?.startingBalance
        if startingBalance == nil && rules.contains(where: { [.maxDailyLoss, .maxDrawdown].contains($0.check) }) {
            diagnostics.append(
                Diagnostic(
                    .error,
                    "loss limits need 'account.starting_balance', which is not set",
                    at: profile.location
                )
            )
        }
        if rules.count > Int(UInt16.max) {
            diagnostics.append(Diagnostic(.error, "too many rules (\(rules.count))", at: profile.location))
        }
        if diagnostics.contains(where: { $0.severity == .error }) { throw DiagnosticError(diagnostics) }
        // Keep the rule order stable: index equals position, which `Step.rule` relies on.
        let renumbered = rules.enumerated().map { offset, rule in rule.renumbered(offset) }
        return CompiledProfile(spec: effective, rules: renumbered, startingBalance: startingBalance ?? .zero)
    }
}

extension CompiledRule {
    func renumbered(_ index: Int) -> CompiledRule {
        CompiledRule(
            index: index,
            id: id,
            check: check,
            modes: modes,
            action: action,
            message: message,
            binding: binding,
            baseLimit: baseLimit,
            location: location,
            isImplicit: isImplicit
        )
    }
}

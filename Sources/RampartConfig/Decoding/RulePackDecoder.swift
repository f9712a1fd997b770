import RampartRules
import RampartYAML

/// Decodes a rule pack file (`rules/NAME.yaml`) into a `RulePackSpec`.
struct RulePackDecoder {
    /// The top-level keys of a pack.
    static let topLevelKeys = ["pack", "rules"]
    /// The keys of one rule.
    static let ruleKeys = ["id", "check", "modes", "on_violation", "message", "limit"]

    private var context: DecodingContext

    /// Decodes `root`, loaded from `file`; returns the pack, or nil with the errors.
    static func decode(_ root: YAMLNode, file: String) -> (pack: RulePackSpec?, diagnostics: [Diagnostic]) {
        var decoder = RulePackDecoder(context: DecodingContext(file: file))
        let pack = decoder.decodePack(root)
        let diagnostics = decoder.context.diagnostics
        return (decoder.context.hasErrors ? nil : pack, diagnostics)
    }

    private mutating func decodePack(_ root: YAMLNode) -> RulePackSpec? {
        guard let pairs = context.mapping(root, for: "rule pack") else { return nil }
        let known = context.knownPairs(pairs, allowed: Self.topLevelKeys, in: "the rule pack")
        _ = context.requireKeys(["pack"], in: pairs, of: "the rule pack", at: root.mark)
        var name: String?
        var location = context.location(root.mark)
        var rules: [RuleSpec] = []
        for pair in known {
            switch pair.key {
            case "pack":
                location = context.location(pair.keyMark)
                guard let value = context.string(pair.value, for: "pack") else { continue }
                let stem = FileName.stem(of: context.file)
                if value.value != stem {
                    context.error(
                        "pack name '\(value.value)' does not match the file name '\(FileName.lastComponent(of: context.file))'; "
                            + "write 'pack: \(stem)' or rename the file",
                        at: pair.value.mark
                    )
                }
                name = value.value
            default:
                guard let items = context.sequence(pair.value, for: "rules", of: "rules") else { continue }
                var seen: [String: SourceLocation] = [:]
                for item in items {
                    guard let rule = decodeRule(item) else { continue }
                    if let first = seen[rule.id] {
                        context.diagnostics.append(
                            Diagnostic(
                                .error,
                                "duplicate rule id '\(rule.id)'",
                                at: rule.location,
                                notes: [.init("first defined here", at: first)]
                            )
                        )
                        continue
                    }
                    seen[rule.id] = rule.location
                    rules.append(rule)
                }
            }
        }
        guard let name else { return nil }
        return RulePackSpec(name: name, rules: rules, location: location)
    }

    private mutating func decodeRule(_ node: YAMLNode) -> RuleSpec? {
        guard let pairs = context.mapping(node, for: "rules") else { return nil }
        let errorsBefore = context.diagnostics.count
        let known = context.knownPairs(pairs, allowed: Self.ruleKeys, in: "a rule")
        _ = context.requireKeys(["id", "check"], in: pairs, of: "a rule", at: node.mark)
        var id: String?
        var location = context.location(node.mark)
        var check: CheckKind?
        var modes: Set<TradingMode> = [.paper, .live]
        var action = ViolationAction.deny
        var message: String?
        for pair in known {
            switch pair.key {
            case "id":
                location = context.location(pair.keyMark)
                guard let value = context.string(pair.value, for: "id") else { continue }
                let allowed = value.value.unicodeScalars.allSatisfy {
                    ("a"..."z").contains($0) || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)
                }
                if allowed {
                    id = value.value
                } else {
                    context.error(
                        "invalid rule id '\(value.value)': use lowercase letters, digits, '-', '_' and '.'",
                        at: pair.value.mark
                    )
                }
            case "check":
                guard let value = context.string(pair.value, for: "check") else { continue }
                check = CheckKind(rawValue: value.value)
                if check == nil {
                    let hint = KeySuggestion.hint(for: value.value, among: CheckKind.allCases.map(\.rawValue))
                    context.error("unknown check '\(value.value)'\(hint)", at: pair.value.mark)
                }
            case "modes":
                if let decoded = decodeModes(pair.value) { modes = decoded }
            case "on_violation":
                guard let value = context.string(pair.value, for: "on_violation") else { continue }
                if let decoded = ViolationAction(rawValue: value.value) {
                    action = decoded
                } else {
                    let names = ViolationAction.allCases.map(\.rawValue)
                    let hint = KeySuggestion.hint(for: value.value, among: names)
                    let list = hint.isEmpty ? "; expected one of: \(names.joined(separator: ", "))" : hint
                    context.error("unknown on_violation action '\(value.value)'\(list)", at: pair.value.mark)
                }
            case "message":
                message = context.string(pair.value, for: "message")?.value
            default:
                break  // `limit` needs the check; decoded below.
            }
        }
        guard let id, let check, context.diagnostics.count == errorsBefore else { return nil }
        var limit: LimitBinding?
        var limitLocation: SourceLocation?
        if let limitPair = known.first(where: { $0.key == "limit" }) {
            guard let decoded = decodeLimit(limitPair.value, check: check, rule: id) else { return nil }
            limit = decoded
            limitLocation = context.location(limitPair.value.mark)
        }
        return RuleSpec(
            id: id,
            check: check,
            modes: modes,
            action: action,
            message: message,
            limit: limit,
            location: location,
            limitLocation: limitLocation
        )
    }

    private mutating func decodeModes(_ node: YAMLNode) -> Set<TradingMode>? {
        guard let items = context.sequence(node, for: "modes", of: "modes (paper, live)") else { return nil }
        if items.isEmpty {
            context.error("'modes' must name at least one of paper, live; leave it out for both", at: node.mark)
            return nil
        }
        var modes: Set<TradingMode> = []
        var failed = false
        for item in items {
            guard let name = context.string(item, for: "modes") else {
                failed = true
                continue
            }
            if let mode = TradingMode.allCases.first(where: { $0.description == name.value }) {
                modes.insert(mode)
            } else {
                failed = true
                let hint = KeySuggestion.hint(for: name.value, among: ["paper", "live"])
                context.error(
                    "unknown mode '\(name.value)'\(hint.isEmpty ? "; expected paper or live" : hint)",
                    at: item.mark
                )
            }
        }
        return failed ? nil : modes
    }

    /// A parameter path (`limits.max_position_notional`) of the check's kind, or a literal of that kind.
    private mutating func decodeLimit(_ node: YAMLNode, check: CheckKind, rule: String) -> LimitBinding? {
        guard let kind = check.parameterKind else {
            context.error("check '\(check)' takes no limit; remove 'limit' from rule '\(rule)'", at: node.mark)
            return nil
        }
        if let text = node.scalar, Self.looksLikeParameterPath(text) {
            guard let key = ParameterKey(rawValue: text) else {
                let hint = KeySuggestion.hint(for: text, among: ParameterKey.allCases.map(\.rawValue))
                context.error("unknown parameter '\(text)' in 'limit'\(hint)", at: node.mark)
                return nil
            }
            guard key.kind == kind else {
                context.error(
                    "rule '\(rule)' (check '\(check)') needs a \(kind) limit, but '\(key)' is a \(key.kind)",
                    at: node.mark
                )
                return nil
            }
            return .parameter(key)
        }
        return context.parameterValue(node, kind: kind, for: "limit").map { .literal($0.value) }
    }

    /// `section.key` with lowercase letters and underscores: a parameter path rather than a literal.
    static func looksLikeParameterPath(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 2
            && parts.allSatisfy { part in
                !part.isEmpty && part.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || $0 == "_" }
            }
    }
}

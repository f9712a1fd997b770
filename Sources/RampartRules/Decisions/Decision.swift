/// The gate's answer for one order: allowed or not, every violated rule, and the profile that decided.
public struct Decision: Sendable {
    /// Whether the order may go to an executor.
    public let allowed: Bool
    /// `PriceSource.rawValue + 1`, or 0 for none: one byte beside `allowed`, where an optional enum would add a word.
    private let priceSourceCode: UInt8
    /// The symbol of the order decided on.
    public let symbol: String
    /// When it was decided.
    public let time: Timestamp
    /// How the order changes the position (nil when the order is invalid).
    public let effect: OrderEffect?
    /// The profile that decided, which its findings' rules come from: present when the decision has findings, nil
    /// for one without (an allowed order without warnings), which names its profile by `profileHash` alone.
    public let profile: CompiledProfile?
    /// The deciding profile's name and hash, not retained: identities are never freed (`ProfileIdentity`), and a
    /// retain and release of the profile were ~8 % of a decision's time.
    private unowned(unsafe) let identity: ProfileIdentity
    /// The reference price in 1e-8 units, 0 for none (a price is always above zero): 16 bytes where an optional
    /// takes 32. Decisions are copied on every return, so their size is time on the hot path.
    private let referenceUnits: Int128
    let findings: Findings

    /// Where the reference price came from (nil when the order was invalid before a price was chosen).
    public var priceSource: PriceSource? {
        priceSourceCode == 0 ? nil : PriceSource(rawValue: priceSourceCode - 1)
    }

    /// The reference price the order was judged at: the market's ask (buy) or bid (sell), or the caller's.
    public var referencePrice: FixedDecimal? { referenceUnits == 0 ? nil : FixedDecimal(units: referenceUnits) }

    init(
        allowed: Bool,
        symbol: String,
        time: Timestamp,
        effect: OrderEffect?,
        profile: CompiledProfile,
        findings: consuming Findings,
        priceSource: PriceSource? = nil,
        referencePrice: FixedDecimal? = nil
    ) {
        self.priceSourceCode = priceSource.map { $0.rawValue + 1 } ?? 0
        self.referenceUnits = referencePrice?.units ?? 0
        self.allowed = allowed
        self.symbol = symbol
        self.time = time
        self.effect = effect
        self.identity = profile.identity
        self.profile = findings.count > 0 ? profile : nil
        self.findings = findings
    }

    /// The content hash of the profile that decided.
    public var profileHash: String { identity.hash }

    /// The name of the profile that decided.
    public var profileName: String { identity.name }

    /// Whether any rule was violated or warned (no formatting, no allocation).
    public var hasFindings: Bool { findings.count > 0 }

    /// Every enforced rule the order violated, in evaluation order.
    public var violations: [Violation] { report(enforced: true) }

    /// Every `warn` (shadow) rule the order would have violated.
    public var warnings: [Violation] { report(enforced: false) }

    /// Ids of the rules that denied the order or warned about it, in evaluation order, without formatting messages.
    public var ruleIDs: [String] {
        guard let profile else { return [] }
        return (0..<findings.count).map { profile.rules[Int(findings[$0].rule)].id }
    }

    /// Calls `body` with the rule id and enforcement of each finding, without allocating.
    public func forEachFinding(_ body: (_ rule: CompiledRule, _ enforced: Bool) -> Void) {
        guard let profile else { return }
        for index in 0..<findings.count {
            let finding = findings[index]
            body(profile.rules[Int(finding.rule)], finding.enforced)
        }
    }

    /// Calls `body` with the index in `profile.rules` and the enforcement of each finding: no rule is copied (a
    /// `CompiledRule` copy retains its strings), for callers that count findings by rule.
    public func forEachFindingIndex(_ body: (_ rule: Int, _ enforced: Bool) -> Void) {
        for index in 0..<findings.count {
            let finding = findings[index]
            body(Int(finding.rule), finding.enforced)
        }
    }

    private func report(enforced: Bool) -> [Violation] {
        guard let profile else { return [] }
        var result: [Violation] = []
        for index in 0..<findings.count where findings[index].enforced == enforced {
            let finding = findings[index]
            let rule = profile.rules[Int(finding.rule)]
            let actual = finding.actual.description(symbol: symbol)
            let limit = finding.limit.description(symbol: symbol)
            let message = rule.message.replacing("{actual}", with: actual).replacing("{limit}", with: limit)
            result.append(
                Violation(
                    rule: rule.id,
                    check: rule.check,
                    limit: limit,
                    actual: actual,
                    message: message,
                    action: rule.action
                )
            )
        }
        return result
    }
}

extension Measure {
    func description(symbol: String) -> String {
        if case .text(let text) = self, text.description == "{symbol}" { return symbol }
        return description
    }
}

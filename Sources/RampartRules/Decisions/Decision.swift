/// The gate's answer for one order: allowed or not, every violated rule, and the profile that decided.
public struct Decision: Sendable {
    /// Whether the order may go to an executor.
    public let allowed: Bool
    /// The symbol of the order decided on.
    public let symbol: String
    /// When it was decided.
    public let time: Timestamp
    /// How the order changes the position (nil when the order is invalid).
    public let effect: OrderEffect?
    /// The profile that decided; `profile.hash` is the decision's profile hash.
    public let profile: CompiledProfile
    /// Where the reference price came from (nil when the order was invalid before a price was chosen).
    public let priceSource: PriceSource?
    /// The reference price the order was judged at: the market's ask (buy) or bid (sell), or the caller's.
    public let referencePrice: FixedDecimal?
    let findings: Findings

    init(
        allowed: Bool,
        symbol: String,
        time: Timestamp,
        effect: OrderEffect?,
        profile: CompiledProfile,
        findings: Findings,
        priceSource: PriceSource? = nil,
        referencePrice: FixedDecimal? = nil
    ) {
        self.priceSource = priceSource
        self.referencePrice = referencePrice
        self.allowed = allowed
        self.symbol = symbol
        self.time = time
        self.effect = effect
        self.profile = profile
        self.findings = findings
    }

    /// The content hash of the profile that decided.
    public var profileHash: String { profile.hash }

    /// Every enforced rule the order violated, in evaluation order.
    public var violations: [Violation] { report(enforced: true) }

    /// Every `warn` (shadow) rule the order would have violated.
    public var warnings: [Violation] { report(enforced: false) }

    /// Ids of the rules that denied the order or warned about it, in evaluation order, without formatting messages.
    public var ruleIDs: [String] { (0..<findings.count).map { profile.rules[Int(findings[$0].rule)].id } }

    /// Calls `body` with the rule id and enforcement of each finding, without allocating.
    public func forEachFinding(_ body: (_ rule: CompiledRule, _ enforced: Bool) -> Void) {
        for index in 0..<findings.count {
            let finding = findings[index]
            body(profile.rules[Int(finding.rule)], finding.enforced)
        }
    }

    private func report(enforced: Bool) -> [Violation] {
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

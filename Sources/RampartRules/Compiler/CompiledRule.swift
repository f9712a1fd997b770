/// One rule of a compiled profile, in evaluation order, with its limit resolved against the base parameters.
public struct CompiledRule: Sendable, Hashable {
    /// Position in evaluation order.
    public let index: Int
    /// Rule id, shown in every denial.
    public let id: String
    /// The built-in check.
    public let check: CheckKind
    /// Modes the rule applies to.
    public let modes: Set<TradingMode>
    /// What a violation does.
    public let action: ViolationAction
    /// Message template with `{actual}` and `{limit}`.
    public let message: String
    /// Where the limit comes from.
    public let binding: LimitBinding?
    /// The limit for bots and symbols no override matches.
    public let baseLimit: Sourced<ParameterValue>?
    /// Where the rule is written (the profile itself for implicit always-on rules).
    public let location: SourceLocation
    /// Whether the engine added this rule because no pack named its always-on check.
    public let isImplicit: Bool
}

/// One step of a compiled program: a rule's check with its limit baked in for one bot and symbol.
struct Step: Sendable {
    /// Index of the rule in `CompiledProfile.rules`.
    let rule: UInt16
    /// Bit 0: paper, bit 1: live.
    let modes: UInt8
    /// Whether violating the rule denies the order (false for `warn`).
    let enforced: Bool
    /// Whether a risk-reducing order skips the check.
    let exemptsRiskReducing: Bool
    /// The check and its limit.
    let op: Op

    /// A check with its limit value, small and trivially copyable.
    enum Op: Sendable {
        case orderValidity
        case tradingFlag(Bool)
        case liveFlag(Bool)
        case liveEligibility
        case tradingState
        case maxOrderQuantity(FixedDecimal)
        case maxOrderNotional(FixedDecimal)
        case priceCollar(Percent)
        case maxPositionNotional(FixedDecimal)
        case maxGrossExposure(FixedDecimal)
        case maxOpenTrades(Int)
        case maxDailyLoss(Percent)
        case maxDrawdown(Percent)
        case lossStreak(LossStreak)
        case symbols(admitted: Bool)
        case orderRate(Rate)
        case tradeRate(Rate)
        case duplicateOrder(TimeSpan)
        /// A limit that could not be resolved; always denies (fail closed).
        case unresolvedLimit
    }
}

/// The steps for one bot and symbol, ready to run.
typealias Program = ContiguousArray<Step>

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
        case stalePrice(TimeSpan)
        case referencePrice(Percent)
        /// A limit that could not be resolved; always denies (fail closed).
        case unresolvedLimit
    }
}

/// The steps for one bot and symbol, ready to run.
typealias Program = ContiguousArray<Step>

extension Step.Op {
    /// The steps a rule of `check` compiles to with `limit` for orders on `symbol`: none when the rule can never be
    /// violated there (validity is checked before any rule runs, a switched-on flag never trips, an admitted symbol
    /// never does), one per rate window for the rate checks, one otherwise.
    static func ops(for check: CheckKind, limit: ParameterValue?, symbol: String) -> [Step.Op] {
        switch (check, limit) {
        case (.orderValidity, _): return []
        case (.liveEligibility, _): return [.liveEligibility]
        case (.tradingState, _): return [.tradingState]
        case (.tradingFlag, .bool(true)?), (.liveFlag, .bool(true)?): return []
        case (.tradingFlag, .bool(let on)?): return [.tradingFlag(on)]
        case (.liveFlag, .bool(let on)?): return [.liveFlag(on)]
        case (.maxOrderQuantity, .decimal(let value)?): return [.maxOrderQuantity(value)]
        case (.maxOrderNotional, .decimal(let value)?): return [.maxOrderNotional(value)]
        case (.priceCollar, .percent(let value)?): return [.priceCollar(value)]
        case (.maxPositionNotional, .decimal(let value)?): return [.maxPositionNotional(value)]
        case (.maxGrossExposure, .decimal(let value)?): return [.maxGrossExposure(value)]
        case (.maxOpenTrades, .integer(let value)?): return [.maxOpenTrades(value)]
        case (.maxDailyLoss, .percent(let value)?): return [.maxDailyLoss(value)]
        case (.maxDrawdown, .percent(let value)?): return [.maxDrawdown(value)]
        case (.lossStreak, .lossStreak(let value)?): return [.lossStreak(value)]
        case (.symbols, .symbols(let filter)?): return filter.admits(symbol) ? [] : [.symbols(admitted: false)]
        case (.orderRate, .rates(let rates)?): return rates.map { .orderRate($0) }
        case (.tradeRate, .rates(let rates)?): return rates.map { .tradeRate($0) }
        case (.duplicateOrder, .duration(let window)?): return [.duplicateOrder(window)]
        case (.stalePrice, .duration(let age)?): return [.stalePrice(age)]
        case (.referencePrice, .percent(let tolerance)?): return [.referencePrice(tolerance)]
        default:
            // The compiler has checked every binding's kind against the base parameters and every override;
            // reaching here means a mismatch slipped through, so the step denies every order (fail closed).
            return [.unresolvedLimit]
        }
    }
}

/// A built-in check that a rule can name (DESIGN §2).
///
/// A new check starts here: its case, the parameter it reads, whether risk-reducing orders skip it and its default
/// message; then its `Step.Op` (CompiledRule.swift), its code under `Checks/` and its dispatch in
/// RiskState+Checks.swift (docs/architecture.md, "Adding a check").
public enum CheckKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case orderValidity = "order_validity"
    case tradingFlag = "trading_flag"
    case liveFlag = "live_flag"
    case liveEligibility = "live_eligibility"
    case tradingState = "trading_state"
    case maxOrderQuantity = "max_order_quantity"
    case maxOrderNotional = "max_order_notional"
    case priceCollar = "price_collar"
    case maxPositionNotional = "max_position_notional"
    case maxGrossExposure = "max_gross_exposure"
    case maxOpenTrades = "max_open_trades"
    case maxDailyLoss = "max_daily_loss"
    case maxDrawdown = "max_drawdown"
    case lossStreak = "loss_streak"
    case symbols = "symbols"
    case orderRate = "order_rate"
    case tradeRate = "trade_rate"
    case duplicateOrder = "duplicate_order"
    case stalePrice = "stale_price"
    case referencePrice = "reference_price"

    /// The parameter the check reads unless its rule says `limit:`; nil for checks without one.
    public var defaultParameter: ParameterKey? {
        switch self {
        case .orderValidity, .liveEligibility, .tradingState: nil
        case .tradingFlag: .trading
        case .liveFlag: .liveTrading
        case .maxOrderQuantity: .maxOrderQuantity
        case .maxOrderNotional: .maxOrderNotional
        case .priceCollar: .priceCollar
        case .maxPositionNotional: .maxPositionNotional
        case .maxGrossExposure: .maxGrossExposure
        case .maxOpenTrades: .maxOpenTrades
        case .maxDailyLoss: .maxDailyLoss
        case .maxDrawdown: .maxDrawdown
        case .lossStreak: .lossStreak
        case .symbols: .symbols
        case .orderRate: .orderRates
        case .tradeRate: .tradeRates
        case .duplicateOrder: .duplicateWindow
        case .stalePrice: .marketMaxAge
        case .referencePrice: .marketTolerance
        }
    }

    /// The kind of value the check's limit must have, if it has one.
    public var parameterKind: ParameterKind? { defaultParameter?.kind }

    /// Whether a risk-reducing order skips this check (DESIGN §2: a bot must always be able to get out, also when
    /// its exit's notional has grown past the entry's cap).
    public var exemptsRiskReducing: Bool {
        switch self {
        case .liveEligibility, .maxOrderQuantity, .maxOrderNotional, .maxPositionNotional, .maxGrossExposure,
            .maxOpenTrades, .maxDailyLoss, .maxDrawdown, .lossStreak, .symbols, .orderRate, .tradeRate:
            true
        case .orderValidity, .tradingFlag, .liveFlag, .tradingState, .priceCollar, .duplicateOrder, .stalePrice,
            .referencePrice:
            false
        }
    }

    /// The message a denial shows when the rule pack gives none.
    public var defaultMessage: String {
        switch self {
        case .orderValidity: "invalid order: {actual}"
        case .tradingFlag: "trading is switched off (flags.trading is {actual})"
        case .liveFlag: "live trading is switched off (flags.live_trading is {actual})"
        case .liveEligibility: "bot is not promoted to live trading"
        case .tradingState: "trading state is {actual}"
        case .maxOrderQuantity: "order quantity {actual} exceeds {limit}"
        case .maxOrderNotional: "order notional {actual} exceeds {limit}"
        case .priceCollar: "limit price is outside the {limit} collar around the reference price (deviation: {actual})"
        case .maxPositionNotional: "position notional {actual} after the fill would exceed {limit}"
        case .maxGrossExposure: "gross exposure {actual} after the fill would exceed {limit}"
        case .maxOpenTrades: "bot already holds {actual} open positions (limit {limit})"
        case .maxDailyLoss: "realized P&L today {actual} is at or below {limit}"
        case .maxDrawdown: "drawdown {actual} from the equity peak reaches {limit}"
        case .lossStreak: "{actual} losing trades in a row; entries paused ({limit})"
        case .symbols: "symbol {actual} is not allowed"
        case .orderRate: "order rate limit reached: {actual} in the window (limit {limit})"
        case .tradeRate: "trade rate limit reached: {actual} in the window (limit {limit})"
        case .duplicateOrder: "duplicate order: {actual}"
        case .stalePrice: "no fresh market quote: {actual} (max age {limit})"
        case .referencePrice: "reference_price is {actual} away from the market price (tolerance {limit})"
        }
    }

    /// Checks that the engine always runs, even if no pack names them; a pack rule may restyle them.
    public static let alwaysOn: [CheckKind] = [.orderValidity, .tradingState, .liveFlag, .liveEligibility]

    /// Larger is tighter for this check's limit (`max_*`), or smaller is tighter (none today); flags differ.
    public var description: String { rawValue }
}

/// What happens when a rule is violated.
public enum ViolationAction: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Deny the order.
    case deny
    /// Deny the order and put the bot in REDUCING (risk-reducing orders only).
    case reduceOnlyBot = "reduce_only_bot"
    /// Deny the order and halt the bot.
    case haltBot = "halt_bot"
    /// Deny the order and halt the whole account.
    case haltAccount = "halt_account"
    /// Shadow mode: evaluate, count and log, never enforce.
    case warn

    /// Whether the action denies the order.
    public var denies: Bool { self != .warn }

    public var description: String { rawValue }
}

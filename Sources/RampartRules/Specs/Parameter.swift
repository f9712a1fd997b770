/// A profile parameter that checks read, named by its YAML path.
public enum ParameterKey: String, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
    case trading = "flags.trading"
    case liveTrading = "flags.live_trading"
    case maxOrderQuantity = "limits.max_order_quantity"
    case maxOrderNotional = "limits.max_order_notional"
    case priceCollar = "limits.price_collar"
    case maxPositionNotional = "limits.max_position_notional"
    case maxGrossExposure = "limits.max_gross_exposure"
    case maxOpenTrades = "limits.max_open_trades"
    case maxBots = "limits.max_bots"
    case maxDailyLoss = "limits.max_daily_loss"
    case maxDrawdown = "limits.max_drawdown"
    case lossStreak = "limits.loss_streak"
    case symbols = "limits.symbols"
    case orderRates = "rate_limits.orders"
    case tradeRates = "rate_limits.trades"
    case duplicateWindow = "rate_limits.duplicate_window"
    case marketMaxAge = "market_data.max_age"
    case marketTolerance = "market_data.tolerance"
    case marketRequire = "market_data.require"

    /// The kind of value the parameter holds.
    public var kind: ParameterKind {
        switch self {
        case .trading, .liveTrading: .bool
        case .maxOrderQuantity, .maxOrderNotional, .maxPositionNotional, .maxGrossExposure: .decimal
        case .priceCollar, .maxDailyLoss, .maxDrawdown: .percent
        case .maxOpenTrades, .maxBots: .integer
        case .lossStreak: .lossStreak
        case .symbols: .symbols
        case .orderRates, .tradeRates: .rates
        case .duplicateWindow, .marketMaxAge: .duration
        case .marketTolerance: .percent
        case .marketRequire: .quoteRequirement
        }
    }

    /// The section (`flags`, `limits`, `rate_limits`) and key within it.
    public var sectionAndKey: (section: String, key: String) {
        let parts = rawValue.split(separator: ".", maxSplits: 1)
        return (String(parts[0]), String(parts[1]))
    }

    /// Whether an `overrides` entry may change it: limits and rate limits, not flags, not `max_bots` (per account),
    /// not `market_data` (it decides which price an order is judged at before any bot or symbol override applies).
    public var isOverridable: Bool {
        let section = sectionAndKey.section
        return section != "flags" && section != "market_data" && self != .maxBots
    }

    /// The value the compiler uses when a profile does not set the key, with why; nil for keys without one.
    public var defaultValue: (value: ParameterValue, reason: String)? {
        switch self {
        case .liveTrading: (.bool(false), "default: live trading off")
        case .maxBots: (.integer(1_000), "default: 1000 bots per account")
        case .marketMaxAge: (.duration(TimeSpan(nanoseconds: 5_000_000_000)), "default: a quote older than 5s is stale")
        case .marketTolerance: (.percent(Percent(FixedDecimal(1))), "default: 1% between reference_price and market")
        case .marketRequire: (.quoteRequirement(.live), "default: live orders need a fresh market quote")
        default: nil
        }
    }

    /// Position in `allCases`, for dense per-key tables.
    public var index: Int {
        // allCases is small and fixed; a linear search keeps this one line of truth.
        Self.allCases.firstIndex(of: self) ?? 0
    }

    public static func < (lhs: ParameterKey, rhs: ParameterKey) -> Bool { lhs.index < rhs.index }

    public var description: String { rawValue }
}

/// The value kinds a parameter can hold (DESIGN §1 scalar grammar).
public enum ParameterKind: String, Sendable, Hashable {
    case bool, integer, decimal, percent, duration, rates, lossStreak = "loss_streak", symbols
    case quoteRequirement = "none|live|all"
}

/// A parameter's value.
public enum ParameterValue: Sendable, Hashable, CustomStringConvertible {
    case bool(Bool)
    case integer(Int)
    case decimal(FixedDecimal)
    case percent(Percent)
    case duration(TimeSpan)
    case rates([Rate])
    case lossStreak(LossStreak)
    case symbols(SymbolFilter)
    case quoteRequirement(QuoteRequirement)

    /// The kind of this value.
    public var kind: ParameterKind {
        switch self {
        case .bool: .bool
        case .integer: .integer
        case .decimal: .decimal
        case .percent: .percent
        case .duration: .duration
        case .rates: .rates
        case .lossStreak: .lossStreak
        case .symbols: .symbols
        case .quoteRequirement: .quoteRequirement
        }
    }

    /// The value as an operator would write it.
    public var description: String {
        switch self {
        case .bool(let value): "\(value)"
        case .integer(let value): "\(value)"
        case .decimal(let value): "\(value)"
        case .percent(let value): "\(value)"
        case .duration(let value): "\(value)"
        case .rates(let rates):
            rates.count == 1 ? "\(rates[0])" : "[\(rates.map(\.description).joined(separator: ", "))]"
        case .lossStreak(let value): "\(value)"
        case .symbols(let value): "\(value)"
        case .quoteRequirement(let value): "\(value)"
        }
    }
}

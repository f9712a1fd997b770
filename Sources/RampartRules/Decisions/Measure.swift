/// A limit or an observed value in a violation, kept as a small value until a denial is reported.
public enum Measure: Sendable, Hashable, CustomStringConvertible {
    case amount(FixedDecimal)
    case percent(FixedDecimal)
    case count(Int)
    case flag(Bool)
    case state(TradingState)
    case rate(Rate)
    case lossStreak(LossStreak)
    case duration(TimeSpan)
    case text(StaticString)
    /// A spot sell larger than the holding (`no_short`), with the quantity the bot holds and may sell.
    case shortSale(held: FixedDecimal)
    /// A venue filter (`exchangeInfo`) the order breaks.
    case venueFilter(SymbolRuleViolation)
    case none

    public static func == (lhs: Measure, rhs: Measure) -> Bool { lhs.description == rhs.description }
    public func hash(into hasher: inout Hasher) { hasher.combine(description) }

    /// The value as a report shows it.
    public var description: String {
        switch self {
        case .amount(let value): "\(value)"
        case .percent(let value): "\(value)%"
        case .count(let value): "\(value)"
        case .flag(let value): "\(value)"
        case .state(let value): "\(value)"
        case .rate(let value): "\(value)"
        case .lossStreak(let value): "\(value)"
        case .duration(let value): "\(value)"
        case .text(let value): "\(value)"
        case .shortSale(let held):
            "no_short: the sell exceeds the held quantity \(held); a spot account cannot go short"
        case .venueFilter(let broken): "\(broken)"
        case .none: ""
        }
    }
}

/// How an order changes the bot's position in its symbol.
public enum OrderEffect: UInt8, Sendable, Hashable, CustomStringConvertible {
    /// Opens a position from flat.
    case opening
    /// Adds to a position on the same side.
    case increasing
    /// Shrinks a position without crossing through flat: risk-reducing.
    case reducing
    /// Closes a position and opens one on the other side.
    case crossing

    /// Whether the order is risk-reducing (DESIGN §2).
    @inline(__always) public var isRiskReducing: Bool { self == .reducing }
    /// Whether the order starts a new trade (counted by `trades` rate limits).
    @inline(__always) public var startsTrade: Bool { self == .opening || self == .crossing }

    public var description: String {
        switch self {
        case .opening: "opening"
        case .increasing: "increasing"
        case .reducing: "reducing"
        case .crossing: "crossing"
        }
    }
}

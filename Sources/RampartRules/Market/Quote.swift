/// The best bid and ask for one symbol, and when the market data source reported them.
public struct Quote: Sendable, Hashable {
    /// Best bid: what a sell is valued at.
    public var bid: FixedDecimal
    /// Best ask: what a buy is valued at.
    public var ask: FixedDecimal
    /// When the quote was received.
    public var time: Timestamp

    /// Creates a quote; `problem` says whether it may be used.
    public init(bid: FixedDecimal, ask: FixedDecimal, time: Timestamp) {
        self.bid = bid
        self.ask = ask
        self.time = time
    }

    /// Why the quote must not be used (not positive, or crossed: bid above ask); nil when it is sound.
    public var problem: String? {
        if !bid.isPositive { return "bid \(bid) is not above zero" }
        if !ask.isPositive { return "ask \(ask) is not above zero" }
        if bid > ask { return "crossed book: bid \(bid) is above ask \(ask)" }
        return nil
    }

    /// The price an order on `side` is valued at: the ask for a buy, the bid for a sell.
    @inlinable public func price(for side: Side) -> FixedDecimal { side == .buy ? ask : bid }

    /// Nanoseconds since the quote was received, at `now` (0 for a quote stamped in the future).
    @inlinable public func age(at now: Timestamp) -> Int64 {
        let (age, overflow) = now.nanoseconds.subtractingReportingOverflow(time.nanoseconds)
        return overflow ? .max : max(age, 0)
    }
}

/// Where the price an order was judged (and a paper order filled) at came from.
public enum PriceSource: UInt8, Sendable, Hashable, CustomStringConvertible {
    /// The gate's own market data: the ask for a buy, the bid for a sell.
    case market
    /// The caller's `reference_price` (or its limit price): used only where no quote is required and none is held.
    case caller

    public var description: String { self == .market ? "market" : "caller" }

    /// The source named `text` (`market` or `caller`), or nil.
    public init?(_ text: String) {
        switch text {
        case "market": self = .market
        case "caller": self = .caller
        default: return nil
        }
    }
}

/// Which orders need a fresh market quote (`market_data.require`).
public enum QuoteRequirement: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// No order needs one; a held quote is still preferred to the caller's price.
    case none
    /// Live orders need one; paper orders fall back to the caller's price when none is held.
    case live
    /// Every order needs one.
    case all

    /// Whether an order in `mode` needs a fresh quote.
    @inlinable public func requiresQuote(_ mode: TradingMode) -> Bool {
        switch self {
        case .none: false
        case .live: mode == .live
        case .all: true
        }
    }

    /// How strict the requirement is: none 0, live 1, all 2 (a larger number is tighter).
    public var strictness: Int {
        switch self {
        case .none: 0
        case .live: 1
        case .all: 2
        }
    }

    public var description: String { rawValue }
}

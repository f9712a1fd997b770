/// Which way an order trades.
public enum Side: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Buys the base currency.
    case buy
    /// Sells the base currency.
    case sell

    /// The other side.
    @inlinable public var opposite: Side { self == .buy ? .sell : .buy }
    /// `+1` for a buy, `-1` for a sell.
    @inlinable public var sign: Int128 { self == .buy ? 1 : -1 }

    public var description: String { self == .buy ? "buy" : "sell" }
}

/// How an order is priced.
public enum OrderType: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Fills at the market; notional is valued at the reference price.
    case market
    /// Fills at the given price or better.
    case limit

    public var description: String { self == .market ? "market" : "limit" }
}

/// Which executor an order goes to.
public enum TradingMode: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The simulated executor.
    case paper
    /// The real venue.
    case live

    public var description: String { self == .paper ? "paper" : "live" }
}

/// Who executes an allowed order.
public enum OrderExecution: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Rampart does: the paper executor, or the live venue (the default).
    case rampart
    /// The bot does, and reports the fills; the gate decides and holds the reservation meanwhile.
    case external

    public var description: String { self == .rampart ? "rampart" : "external" }
}

/// An order a bot wants to place, before the gate has decided on it.
public struct Order: Sendable, Hashable {
    // Stored 16-byte-aligned values first, then the strings, then the one-byte fields: no padding between them,
    // 156 bytes where the declaration order of the API took 177 (an order is copied into every permit).

    /// Amount of the base currency; must be above zero.
    public var quantity: FixedDecimal
    /// The four optional prices, packed: an order is copied into every permit and journal entry, and four
    /// `FixedDecimal?` take 128 bytes where these take 65.
    private var prices = OptionalPrices()
    /// The bot that sends the order.
    public var bot: String
    /// The account the order trades in.
    public var account: String
    /// The market, `BASE/QUOTE`.
    public var symbol: String
    /// The caller's unique id for the order, if any.
    public var clientOrderID: String?
    /// Buy or sell.
    public var side: Side
    /// Market or limit.
    public var type: OrderType
    /// Paper or live.
    public var mode: TradingMode
    /// A close that must only shrink the position: denied when nothing (or less) is left to close, so a second
    /// close of the same position can never open the other side (no double close).
    public var reduceOnly: Bool

    /// Limit price; required for limit orders.
    public var price: FixedDecimal? {
        get { prices[OptionalPrices.price] }
        set { prices[OptionalPrices.price] = newValue }
    }
    /// The current market price the order is judged against (collar, market-order notional).
    public var referencePrice: FixedDecimal? {
        get { prices[OptionalPrices.reference] }
        set { prices[OptionalPrices.reference] = newValue }
    }
    /// Stop-loss trigger price, if any.
    public var stopLoss: FixedDecimal? {
        get { prices[OptionalPrices.stopLoss] }
        set { prices[OptionalPrices.stopLoss] = newValue }
    }
    /// Take-profit trigger price, if any.
    public var takeProfit: FixedDecimal? {
        get { prices[OptionalPrices.takeProfit] }
        set { prices[OptionalPrices.takeProfit] = newValue }
    }

    /// Creates an order.
    public init(
        bot: String,
        account: String = "default",
        symbol: String,
        side: Side,
        type: OrderType = .limit,
        quantity: FixedDecimal,
        price: FixedDecimal? = nil,
        referencePrice: FixedDecimal? = nil,
        mode: TradingMode = .paper,
        clientOrderID: String? = nil,
        stopLoss: FixedDecimal? = nil,
        takeProfit: FixedDecimal? = nil,
        reduceOnly: Bool = false
    ) {
        self.bot = bot
        self.account = account
        self.symbol = symbol
        self.side = side
        self.type = type
        self.quantity = quantity
        self.mode = mode
        self.clientOrderID = clientOrderID
        self.reduceOnly = reduceOnly
        self.price = price
        self.referencePrice = referencePrice
        self.stopLoss = stopLoss
        self.takeProfit = takeProfit
    }

    /// The price the order is valued at: its limit price, else the reference price.
    @inlinable public var valuationPrice: FixedDecimal? {
        type == .limit ? (price ?? referencePrice) : (referencePrice ?? price)
    }
}

/// Four optional `FixedDecimal`s in 65 bytes: the units side by side and one byte saying which are present.
/// An absent slot always holds 0, so the synthesized equality and hashing see only present values.
struct OptionalPrices: Sendable, Hashable {
    static let price = 0
    static let reference = 1
    static let stopLoss = 2
    static let takeProfit = 3

    private var units: (Int128, Int128, Int128, Int128) = (0, 0, 0, 0)
    private var present: UInt8 = 0

    static func == (lhs: OptionalPrices, rhs: OptionalPrices) -> Bool {
        lhs.present == rhs.present && lhs.units.0 == rhs.units.0 && lhs.units.1 == rhs.units.1
            && lhs.units.2 == rhs.units.2 && lhs.units.3 == rhs.units.3
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(present)
        hasher.combine(units.0)
        hasher.combine(units.1)
        hasher.combine(units.2)
        hasher.combine(units.3)
    }

    subscript(slot: Int) -> FixedDecimal? {
        @inline(__always) get {
            guard present & (1 << slot) != 0 else { return nil }
            return FixedDecimal(units: value(slot))
        }
        set {
            let bit: UInt8 = 1 << slot
            if newValue != nil { present |= bit } else { present &= ~bit }
            let stored = newValue?.units ?? 0
            switch slot {
            case 0: units.0 = stored
            case 1: units.1 = stored
            case 2: units.2 = stored
            default: units.3 = stored
            }
        }
    }

    @inline(__always) private func value(_ slot: Int) -> Int128 {
        switch slot {
        case 0: units.0
        case 1: units.1
        case 2: units.2
        default: units.3
        }
    }
}

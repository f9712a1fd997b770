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
    /// The bot that sends the order.
    public var bot: String
    /// The account the order trades in.
    public var account: String
    /// The market, `BASE/QUOTE`.
    public var symbol: String
    /// Buy or sell.
    public var side: Side
    /// Market or limit.
    public var type: OrderType
    /// Amount of the base currency; must be above zero.
    public var quantity: FixedDecimal
    /// Limit price; required for limit orders.
    public var price: FixedDecimal?
    /// The current market price the order is judged against (collar, market-order notional).
    public var referencePrice: FixedDecimal?
    /// Paper or live.
    public var mode: TradingMode
    /// The caller's unique id for the order, if any.
    public var clientOrderID: String?
    /// Stop-loss trigger price, if any.
    public var stopLoss: FixedDecimal?
    /// Take-profit trigger price, if any.
    public var takeProfit: FixedDecimal?
    /// A close that must only shrink the position: denied when nothing (or less) is left to close, so a second
    /// close of the same position can never open the other side (no double close).
    public var reduceOnly: Bool

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
        self.price = price
        self.referencePrice = referencePrice
        self.mode = mode
        self.clientOrderID = clientOrderID
        self.stopLoss = stopLoss
        self.takeProfit = takeProfit
        self.reduceOnly = reduceOnly
    }

    /// The price the order is valued at: its limit price, else the reference price.
    @inlinable public var valuationPrice: FixedDecimal? {
        type == .limit ? (price ?? referencePrice) : (referencePrice ?? price)
    }
}

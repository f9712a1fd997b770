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
///
/// The fields live in one shared box, copied on write: an order is copied into every permit, journal entry and
/// answer, and a copy is one retained reference instead of four strings and 65 bytes of prices (`Order` is 8 bytes).
public struct Order: Sendable, Hashable {
    private var storage: Storage

    /// Amount of the base currency; must be above zero.
    public var quantity: FixedDecimal {
        @inline(__always) get { storage.fields.quantity }
        set { mutate { $0.quantity = newValue } }
    }
    /// The bot that sends the order.
    public var bot: String {
        @inline(__always) get { storage.fields.bot }
        set { mutate { $0.bot = newValue } }
    }
    /// The account the order trades in.
    public var account: String {
        @inline(__always) get { storage.fields.account }
        set { mutate { $0.account = newValue } }
    }
    /// The market, `BASE/QUOTE`.
    public var symbol: String {
        @inline(__always) get { storage.fields.symbol }
        set { mutate { $0.symbol = newValue } }
    }
    /// The caller's unique id for the order, if any.
    public var clientOrderID: String? {
        @inline(__always) get { storage.fields.clientOrderID }
        set { mutate { $0.clientOrderID = newValue } }
    }
    /// Buy or sell.
    public var side: Side {
        @inline(__always) get { storage.fields.side }
        set { mutate { $0.side = newValue } }
    }
    /// Market or limit.
    public var type: OrderType {
        @inline(__always) get { storage.fields.type }
        set { mutate { $0.type = newValue } }
    }
    /// Paper or live.
    public var mode: TradingMode {
        @inline(__always) get { storage.fields.mode }
        set { mutate { $0.mode = newValue } }
    }
    /// A close that must only shrink the position: denied when nothing (or less) is left to close, so a second
    /// close of the same position can never open the other side (no double close).
    public var reduceOnly: Bool {
        @inline(__always) get { storage.fields.reduceOnly }
        set { mutate { $0.reduceOnly = newValue } }
    }

    /// Limit price; required for limit orders.
    public var price: FixedDecimal? {
        @inline(__always) get { storage.fields.prices[OptionalPrices.price] }
        set { mutate { $0.prices[OptionalPrices.price] = newValue } }
    }
    /// The current market price the order is judged against (collar, market-order notional).
    public var referencePrice: FixedDecimal? {
        @inline(__always) get { storage.fields.prices[OptionalPrices.reference] }
        set { mutate { $0.prices[OptionalPrices.reference] = newValue } }
    }
    /// Stop-loss trigger price, if any.
    public var stopLoss: FixedDecimal? {
        @inline(__always) get { storage.fields.prices[OptionalPrices.stopLoss] }
        set { mutate { $0.prices[OptionalPrices.stopLoss] = newValue } }
    }
    /// Take-profit trigger price, if any.
    public var takeProfit: FixedDecimal? {
        @inline(__always) get { storage.fields.prices[OptionalPrices.takeProfit] }
        set { mutate { $0.prices[OptionalPrices.takeProfit] = newValue } }
    }

    /// An order over `storage` (to ask its box's fields what `Order` can answer).
    private init(storage: Storage) { self.storage = storage }

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
        var prices = OptionalPrices()
        prices[OptionalPrices.price] = price
        prices[OptionalPrices.reference] = referencePrice
        prices[OptionalPrices.stopLoss] = stopLoss
        prices[OptionalPrices.takeProfit] = takeProfit
        storage = Storage(
            Fields(
                quantity: quantity,
                prices: prices,
                bot: bot,
                account: account,
                symbol: symbol,
                clientOrderID: clientOrderID,
                side: side,
                type: type,
                mode: mode,
                reduceOnly: reduceOnly
            )
        )
    }

    /// The price the order is valued at: its limit price, else the reference price.
    @inlinable public var valuationPrice: FixedDecimal? {
        type == .limit ? (price ?? referencePrice) : (referencePrice ?? price)
    }

    public static func == (lhs: Order, rhs: Order) -> Bool {
        lhs.storage === rhs.storage || lhs.storage.fields == rhs.storage.fields
    }

    public func hash(into hasher: inout Hasher) { storage.fields.hash(into: &hasher) }

    /// `PositionNameTable.digest` of the bot and symbol, computed when the order is made: the gate finds the
    /// position with it instead of hashing both names inside its lock on every decision.
    var positionDigest: UInt64 { storage.positionDigest }

    /// Whether `validityProblem` is nil, settled when the order is made (the gate asks on every decision).
    var isWellFormed: Bool { storage.isWellFormed }

    /// Sets the fields a dry-run changes for each step, in one change: each setter works the digest and the validity
    /// out again (`mutate`), so eight setters would do it eight times.
    package mutating func setStep(
        bot: String,
        account: String,
        symbol: String,
        side: Side,
        quantity: FixedDecimal,
        price: FixedDecimal?,
        referencePrice: FixedDecimal?,
        clientOrderID: String?
    ) {
        var prices = storage.fields.prices
        prices[OptionalPrices.price] = price
        prices[OptionalPrices.reference] = referencePrice
        let fields = Fields(
            quantity: quantity,
            prices: prices,
            bot: bot,
            account: account,
            symbol: symbol,
            clientOrderID: clientOrderID,
            side: side,
            type: storage.fields.type,
            mode: storage.fields.mode,
            reduceOnly: storage.fields.reduceOnly
        )
        // Written through `mutate` (a closure that captured all eight values), every read of an order's fields in
        // the gate came to pay a run-time exclusivity check: 2,576 → 2,998 instructions per decision.
        if isKnownUniquelyReferenced(&storage) {
            storage.fields = fields
            storage.settle()
        } else {
            storage = Storage(fields)
        }
    }

    /// Changes the fields in place when this order holds the only reference to its box, else in a copy of it.
    private mutating func mutate(_ change: (inout Fields) -> Void) {
        if isKnownUniquelyReferenced(&storage) {
            change(&storage.fields)
            storage.settle()
        } else {
            // A new box from the changed fields: settled once, not once for the copy and again for the change.
            var fields = storage.fields
            change(&fields)
            storage = Storage(fields)
        }
    }

    /// An order's fields: 16-byte-aligned values first, then the strings, then the one-byte fields (no padding).
    private struct Fields: Hashable {
        var quantity: FixedDecimal
        var prices: OptionalPrices
        var bot: String
        var account: String
        var symbol: String
        var clientOrderID: String?
        var side: Side
        var type: OrderType
        var mode: TradingMode
        var reduceOnly: Bool
    }

    /// The box the copies of an order share.
    ///
    /// `@unchecked Sendable`: `fields` changes only through `mutate`, which first copies the box unless the order
    /// changing it holds the only reference, so a box another order (on any thread) can see never changes.
    private final class Storage: @unchecked Sendable {
        var fields: Fields
        /// These two follow `fields` (`settle` sets them again after `mutate`).
        var positionDigest: UInt64 = 0
        var isWellFormed = false

        init(_ fields: Fields) {
            self.fields = fields
            settle()
        }

        /// Derives the digest and the validity from the fields.
        func settle() {
            positionDigest = PositionNameTable.digest(bot: fields.bot, symbol: fields.symbol)
            isWellFormed = Order(storage: self).validityProblem == nil
        }
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

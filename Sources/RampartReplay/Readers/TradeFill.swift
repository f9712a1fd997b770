public import RampartRules

/// One fill from a trade history, normalised to the quote currency.
public struct TradeFill: Sendable, Hashable {
    /// When the fill happened.
    public var time: Timestamp
    /// The bot that traded.
    public var bot: String
    /// The market, validated `BASE/QUOTE`.
    public var symbol: String
    /// Buy or sell.
    public var side: Side
    /// Amount of the base currency, above zero.
    public var quantity: FixedDecimal
    /// Price in the quote currency, above zero.
    public var price: FixedDecimal
    /// Absolute fee in the quote currency, zero or more.
    public var fee: FixedDecimal
    /// The bot's own order id, when the file has one.
    public var clientOrderID: String?
    /// Where in the file the fill comes from, for messages.
    public var location: TradeLocation

    /// Creates a fill.
    public init(
        time: Timestamp,
        bot: String,
        symbol: String,
        side: Side,
        quantity: FixedDecimal,
        price: FixedDecimal,
        fee: FixedDecimal,
        clientOrderID: String? = nil,
        location: TradeLocation
    ) {
        self.time = time
        self.bot = bot
        self.symbol = symbol
        self.side = side
        self.quantity = quantity
        self.price = price
        self.fee = fee
        self.clientOrderID = clientOrderID
        self.location = location
    }
}

/// Where in a trade file something is: a CSV line, a position in a JSON text, or a JSON path.
public enum TradeLocation: Sendable, Hashable, CustomStringConvertible {
    /// A 1-based line number.
    case line(Int)
    /// A 1-based line and column (JSON syntax errors).
    case position(line: Int, column: Int)
    /// A path into a JSON document: `$.strategy.X.trades[3].close_rate`.
    case jsonPath(String)

    /// `line 12`, `line 3, column 7`, or the path itself.
    public var description: String {
        switch self {
        case .line(let line): "line \(line)"
        case .position(let line, let column): "line \(line), column \(column)"
        case .jsonPath(let path): path
        }
    }
}

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

/// The trade-history formats `rampart dry-run` reads.
public enum TradeFormat: String, Sendable, CaseIterable {
    /// Rampart's own CSV: `time,bot,symbol,side,quantity,price,fee[,client_order_id]`.
    case csv
    /// CCXT unified trades (`fetch_my_trades` output) as a JSON array.
    case ccxt
    /// A freqtrade backtest result JSON file.
    case freqtrade
}

/// A trade file that cannot be read, with where and which field.
public struct TradeReadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file path as given.
    public var file: String
    /// Where in the file, if known.
    public var location: TradeLocation?
    /// The field at fault, if any.
    public var field: String?
    /// What is wrong.
    public var message: String

    /// Creates an error.
    public init(file: String, location: TradeLocation? = nil, field: String? = nil, message: String) {
        self.file = file
        self.location = location
        self.field = field
        self.message = message
    }

    /// `FILE:LINE: error: field 'price': …`, `FILE:LINE:COL: error: …` or `FILE: error: $.path: …`.
    public var description: String {
        var text = file
        switch location {
        case .line(let line): text += ":\(line): error: "
        case .position(let line, let column): text += ":\(line):\(column): error: "
        case .jsonPath(let path): text += ": error: \(path): "
        case nil: text += ": error: "
        }
        if let field, !isJSONPath { text += "field '\(field)': " }
        return text + message
    }

    private var isJSONPath: Bool { if case .jsonPath = location { true } else { false } }
}

/// Facts about a trade file known once it is opened.
public struct TradeFileInfo: Sendable, Hashable {
    /// The file's format.
    public var format: TradeFormat
    /// The bots the fills belong to, in first-seen order (for CSV: the `--bot` filter, or empty until read).
    public var bots: [String]
    /// freqtrade `starting_balance` (when every selected strategy has the same one).
    public var startingBalance: FixedDecimal?
    /// freqtrade `stake_currency` (when every selected strategy has the same one).
    public var quoteCurrency: String?

    /// Creates the info.
    public init(format: TradeFormat, bots: [String], startingBalance: FixedDecimal? = nil, quoteCurrency: String? = nil)
    {
        self.format = format
        self.bots = bots
        self.startingBalance = startingBalance
        self.quoteCurrency = quoteCurrency
    }
}

/// A stream of fills in time order.
public protocol TradeSource {
    /// The next fill, nil at the end, or the first problem in the file.
    mutating func next() throws(TradeReadError) -> TradeFill?
    /// How many values read so far had more than eight decimals and were rounded half-even.
    var roundedValues: Int { get }
    /// Every bot seen in the file so far (before any `--bot` filter), in first-seen order.
    var botsSeen: [String] { get }
}

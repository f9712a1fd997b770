import RampartRules

/// One fill as the replay carries it: bot and symbol as ids into its source's name tables, money as fixed-point
/// values, no strings, so copying one (between the replay's threads, into and out of batches) is a memory copy.
struct FillRecord: Sendable {
    /// Amount of the base currency, above zero.
    var quantity: FixedDecimal
    /// Price in the quote currency, above zero.
    var price: FixedDecimal
    /// Absolute fee in the quote currency, zero or more.
    var fee: FixedDecimal
    /// When the fill happened.
    var time: Timestamp
    /// Where the fill comes from: the CSV line, or the fill's number in its source's `FillLocations`.
    var location: Int
    /// The bot's id: `FillRecordSource.botName(_:)`.
    var bot: Int32
    /// The symbol's id: `FillRecordSource.symbolName(_:)`.
    var symbol: Int32
    /// Buy or sell.
    var side: Side
    /// Whether the fill has a client order id (`FillRecordSource.lastClientOrderID` right after reading it).
    var hasClientOrderID: Bool
}

/// Turns `FillRecord.location` back into a `TradeLocation`: a CSV line, or a buffered format's table entry.
struct FillLocations: Sendable {
    /// nil: the records' locations are line numbers.
    private let table: [TradeLocation]?

    /// Locations that are 1-based line numbers.
    static let lines = FillLocations(table: nil)

    /// Locations that index `table`.
    init(table: [TradeLocation]?) { self.table = table }

    /// The location of `record`.
    func of(_ record: FillRecord) -> TradeLocation {
        guard let table else { return .line(record.location) }
        return table[record.location]
    }
}

/// A trade source read as `FillRecord`s, on the replay's reading thread.
protocol FillRecordSource: AnyObject {
    /// The next fill, nil at the end, or the first problem in the file.
    func nextRecord() throws(TradeReadError) -> FillRecord?
    /// The client order id of the record `nextRecord()` returned last, when it has one.
    var lastClientOrderID: String? { get }
    /// How many bot ids there are so far.
    var botCount: Int { get }
    /// How many symbol ids there are so far.
    var symbolCount: Int { get }
    /// The bot named by `id`.
    func botName(_ id: Int32) -> String
    /// The symbol named by `id`.
    func symbolName(_ id: Int32) -> String
    /// How to read the records' locations.
    var locations: FillLocations { get }
    /// How many values read so far had more than eight decimals and were rounded half-even.
    var roundedValues: Int { get }
}

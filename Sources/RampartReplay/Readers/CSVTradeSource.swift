/// The `TradeSource` for a CSV file: a reference wrapper, so calls through `any TradeSource` never copy the parser.
final class CSVTradeSource: TradeSource, FillRecordSource {
    @exclusivity(unchecked) private var reader: CSVTradeReader

    /// Opens `path` and checks its header; `bot` keeps only that bot's rows.
    init(path: String, bot: String?) throws(TradeReadError) {
        reader = try CSVTradeReader(path: path, bot: bot)
    }

    func next() throws(TradeReadError) -> TradeFill? { try reader.next() }
    var roundedValues: Int { reader.roundedValues }
    var botsSeen: [String] { reader.botsSeen }

    func nextRecord() throws(TradeReadError) -> FillRecord? { try reader.nextRecord() }
    var lastClientOrderID: String? { reader.lastClientOrderID }
    var botCount: Int { reader.botsSeen.count }
    var symbolCount: Int { reader.symbolsSeen.count }
    func botName(_ id: Int32) -> String { reader.botsSeen[Int(id)] }
    func symbolName(_ id: Int32) -> String { reader.symbolsSeen[Int(id)] }
    var locations: FillLocations { .lines }
}

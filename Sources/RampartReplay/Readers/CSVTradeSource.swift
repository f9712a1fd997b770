/// The `TradeSource` for a CSV file: a reference wrapper, so calls through `any TradeSource` never copy the parser.
final class CSVTradeSource: TradeSource {
    @exclusivity(unchecked) private var reader: CSVTradeReader

    /// Opens `path` and checks its header; `bot` keeps only that bot's rows.
    init(path: String, bot: String?) throws(TradeReadError) {
        reader = try CSVTradeReader(path: path, bot: bot)
    }

    func next() throws(TradeReadError) -> TradeFill? { try reader.next() }
    var roundedValues: Int { reader.roundedValues }
    var botsSeen: [String] { reader.botsSeen }
}

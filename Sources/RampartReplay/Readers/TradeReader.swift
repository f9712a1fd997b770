/// Opens trade histories in any supported format.
public enum TradeReader {
    /// Tells the format from the start of the file: `{` with `"strategy"` is freqtrade, `[` of objects with
    /// `"timestamp"`/`"amount"` is CCXT, a `time,bot,…` header line is CSV.
    public static func sniff(path: String) throws(TradeReadError) -> TradeFormat {
        let prefix = try FileBytes.readAll(path: path, limit: 64 * 1024)
        var start = prefix.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while start < prefix.count, [0x20, 0x0A, 0x0D, 0x09].contains(prefix[start]) { start += 1 }
        guard start < prefix.count else { throw TradeReadError(file: path, message: "the file is empty") }
        let text = String(decoding: prefix[start...], as: UTF8.self)
        switch prefix[start] {
        case UInt8(ascii: "{"):
            if text.contains("\"strategy\"") { return .freqtrade }
            throw TradeReadError(
                file: path,
                message: "a JSON object without a \"strategy\" key is not a freqtrade backtest result"
            )
        case UInt8(ascii: "["):
            let rest = text.dropFirst().drop { " \n\r\t".contains($0) }
            if rest.hasPrefix("]") || (text.contains("\"timestamp\"") && text.contains("\"amount\"")) { return .ccxt }
            throw TradeReadError(
                file: path,
                message: "a JSON array without \"timestamp\" and \"amount\" keys is not a CCXT trade list"
            )
        default:
            if text.hasPrefix("time,") { return .csv }
            throw TradeReadError(
                file: path,
                message:
                    "unknown format: expected a freqtrade or CCXT JSON file or a CSV starting with 'time,bot,symbol'"
            )
        }
    }

    /// Opens `path` as `format` (nil: sniff it); `bot` keeps one bot (CSV, freqtrade) or names it (CCXT).
    public static func open(
        path: String,
        format: TradeFormat? = nil,
        bot: String? = nil
    ) throws(TradeReadError) -> (
        info: TradeFileInfo, source: any TradeSource
    ) {
        let format = if let format { format } else { try sniff(path: path) }
        switch format {
        case .csv:
            let source = try CSVTradeSource(path: path, bot: bot)
            return (TradeFileInfo(format: .csv, bots: bot.map { [$0] } ?? []), source)
        case .ccxt:
            let opened = try CCXTTradeReader.read(try FileBytes.readAll(path: path), file: path, bot: bot)
            return (opened.info, opened.source)
        case .freqtrade:
            let opened = try FreqtradeTradeReader.read(try FileBytes.readAll(path: path), file: path, bot: bot)
            return (opened.info, opened.source)
        }
    }

    /// `open`, for the replay: the same checks and errors, the fills as `FillRecord`s.
    static func openRecords(
        path: String,
        format: TradeFormat?,
        bot: String?
    ) throws(TradeReadError) -> (
        info: TradeFileInfo, source: any FillRecordSource
    ) {
        let format = if let format { format } else { try sniff(path: path) }
        switch format {
        case .csv:
            let source = try CSVTradeSource(path: path, bot: bot)
            return (TradeFileInfo(format: .csv, bots: bot.map { [$0] } ?? []), source)
        case .ccxt:
            let opened = try CCXTTradeReader.read(try FileBytes.readAll(path: path), file: path, bot: bot)
            return (opened.info, BufferedRecordSource(opened.source))
        case .freqtrade:
            let opened = try FreqtradeTradeReader.read(try FileBytes.readAll(path: path), file: path, bot: bot)
            return (opened.info, BufferedRecordSource(opened.source))
        }
    }
}

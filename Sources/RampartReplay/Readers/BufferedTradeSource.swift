/// A `TradeSource` over fills already read and put in time order (the JSON formats).
struct BufferedTradeSource: TradeSource {
    /// Every fill, in time order.
    let fills: [TradeFill]
    private var position = 0
    /// Rounded values, counted while the file was read.
    let roundedValues: Int
    /// Every bot in the file.
    let botsSeen: [String]

    /// Creates a source over `fills`, which must be in time order.
    init(fills: [TradeFill], roundedValues: Int, botsSeen: [String]) {
        self.fills = fills
        self.roundedValues = roundedValues
        self.botsSeen = botsSeen
    }

    mutating func next() throws(TradeReadError) -> TradeFill? {
        guard position < fills.count else { return nil }
        defer { position += 1 }
        return fills[position]
    }
}

/// Buffered fills as `FillRecord`s: names get ids in first-seen order, a record's location is its fill's index.
final class BufferedRecordSource: FillRecordSource {
    private let fills: [TradeFill]
    private var position = 0
    private var botIDs: [String: Int32] = [:]
    private var symbolIDs: [String: Int32] = [:]
    private var bots: [String] = []
    private var symbols: [String] = []
    let roundedValues: Int
    let locations: FillLocations
    private(set) var lastClientOrderID: String?

    /// Reads `source`'s fills from the start.
    init(_ source: BufferedTradeSource) {
        fills = source.fills
        roundedValues = source.roundedValues
        locations = FillLocations(table: source.fills.map(\.location))
    }

    func nextRecord() throws(TradeReadError) -> FillRecord? {
        guard position < fills.count else { return nil }
        let fill = fills[position]
        defer { position += 1 }
        lastClientOrderID = fill.clientOrderID
        return FillRecord(
            quantity: fill.quantity,
            price: fill.price,
            fee: fill.fee,
            time: fill.time,
            location: position,
            bot: Self.id(of: fill.bot, in: &botIDs, names: &bots),
            symbol: Self.id(of: fill.symbol, in: &symbolIDs, names: &symbols),
            side: fill.side,
            hasClientOrderID: fill.clientOrderID != nil
        )
    }

    var botCount: Int { bots.count }
    var symbolCount: Int { symbols.count }
    func botName(_ id: Int32) -> String { bots[Int(id)] }
    func symbolName(_ id: Int32) -> String { symbols[Int(id)] }

    private static func id(of name: String, in ids: inout [String: Int32], names: inout [String]) -> Int32 {
        if let known = ids[name] { return known }
        let id = Int32(names.count)
        ids[name] = id
        names.append(name)
        return id
    }
}

/// A `TradeSource` over fills already read and put in time order (the JSON formats).
struct BufferedTradeSource: TradeSource {
    private let fills: [TradeFill]
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

import RampartRules

/// A stream of fills in time order.
public protocol TradeSource {
    /// The next fill, nil at the end, or the first problem in the file.
    mutating func next() throws(TradeReadError) -> TradeFill?
    /// How many values read so far had more than eight decimals and were rounded half-even.
    var roundedValues: Int { get }
    /// Every bot seen in the file so far (before any `--bot` filter), in first-seen order.
    var botsSeen: [String] { get }
}

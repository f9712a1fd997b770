public import RampartRules

/// Gated positions of one symbol still open when the replay ended: round trips whose exit the gate denied (in
/// HALTED, say) or that the input never closed. Counted at their entry value, never marked to a price.
public struct OpenAtEnd: Sendable, Hashable {
    /// The symbol.
    public var symbol: String
    /// How many bots' positions in it are open.
    public var positions: Int
    /// The sum of their entry values (|quantity| × average entry price).
    public var entryValue: FixedDecimal

    /// Creates one.
    public init(symbol: String, positions: Int, entryValue: FixedDecimal) {
        self.symbol = symbol
        self.positions = positions
        self.entryValue = entryValue
    }
}

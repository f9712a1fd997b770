public import RampartRules

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

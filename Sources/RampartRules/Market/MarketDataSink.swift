/// Where a market data source delivers quotes and venue filters: the gate (or the durable gate around it).
public protocol MarketDataSink: Sendable {
    /// The symbols (`BASE/QUOTE`) orders have named so far: the ones to poll.
    func symbolsInUse() -> [String]
    /// Stores the newest quotes; returns the symbols whose quote was not stored (unsound quote, malformed name).
    @discardableResult func updateQuotes(_ updates: [(symbol: String, quote: Quote)]) -> [String]
    /// Replaces the venue's symbol filters, by `BASE/QUOTE` name.
    func updateVenueRules(_ book: [String: SymbolRules])
    /// The newest quote held for `symbol`, if any.
    func quote(for symbol: String) -> Quote?
}

extension Gate: MarketDataSink {}

public import RampartRules

extension DurableGate: MarketDataSink {
    /// The symbols orders have named so far.
    public func symbolsInUse() -> [String] { gateForLookup.symbolsInUse() }

    /// Stores quotes in the in-memory gate (quotes are not journaled: they age out in seconds).
    @discardableResult
    public func updateQuotes(_ updates: [(symbol: String, quote: Quote)]) -> [String] {
        gateForLookup.updateQuotes(updates)
    }

    /// Replaces the venue's symbol filters in the in-memory gate.
    public func updateVenueRules(_ book: [String: SymbolRules]) { gateForLookup.updateVenueRules(book) }

    /// The newest quote held for `symbol`, if any.
    public func quote(for symbol: String) -> Quote? { gateForLookup.quote(for: symbol) }

    /// The venue's filters and listed name for `symbol`, from the market data, if known.
    public func venueRules(for symbol: String) -> SymbolRules? { gateForLookup.venueRules(for: symbol) }
}

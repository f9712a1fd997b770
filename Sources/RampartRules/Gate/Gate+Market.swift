extension Gate {
    /// Stores the market data source's newest quotes (by `BASE/QUOTE` name) for the decisions that follow; returns
    /// the symbols whose quote was not stored (a quote with a `problem`, a malformed name).
    @discardableResult
    public func updateQuotes(_ updates: [(symbol: String, quote: Quote)]) -> [String] {
        withState { $0.applyQuotes(updates) }
    }

    /// Replaces the venue's symbol filters (by `BASE/QUOTE` name): later orders are checked against them.
    public func updateVenueRules(_ book: [String: SymbolRules]) {
        withState { $0.applyVenueRules(book) }
    }

    /// The symbols orders have named so far (the ones the market data source should poll).
    public func symbolsInUse() -> [String] { withState { $0.knownSymbols } }

    /// The venue's filters and listed name for `symbol`, if the market data gave them.
    public func venueRules(for symbol: String) -> SymbolRules? { withState { $0.venueRules(for: symbol) } }

    /// The newest quote held for `symbol`, if any.
    public func quote(for symbol: String) -> Quote? { withState { $0.quote(for: symbol) } }
}

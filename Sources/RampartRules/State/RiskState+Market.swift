extension RiskState {
    /// Stores the newest quote for each `BASE/QUOTE` symbol (adding symbols the state has not seen); quotes with a
    /// `problem` and malformed symbol names are skipped and returned, so the caller can log and count them.
    mutating func applyQuotes(_ updates: [(symbol: String, quote: Quote)]) -> [String] {
        var skipped: [String] = []
        for update in updates {
            guard update.quote.problem == nil, let index = symbol(named: update.symbol) else {
                skipped.append(update.symbol)
                continue
            }
            // A late answer never replaces a newer quote.
            if let held = quotes[Int(index)], held.time > update.quote.time { continue }
            quotes[Int(index)] = update.quote
        }
        return skipped
    }

    /// Replaces the venue's filters for every symbol with `book` (by `BASE/QUOTE` name).
    mutating func applyVenueRules(_ book: [String: SymbolRules]) {
        venueRuleBook = book
        for index in symbolNames.indices {
            venueRules[index] = book[symbolNames[index]]
            hasVenueRules[index] = venueRules[index] != nil
        }
    }

    /// The newest quote held for `symbol`, if any.
    public func quote(for symbol: String) -> Quote? {
        guard let index = symbolIndex[symbol] else { return nil }
        return quotes[Int(index)]
    }

    /// The venue's filters for `symbol`, if the market data source lists it.
    public func venueRules(for symbol: String) -> SymbolRules? { venueRuleBook[symbol] }

    /// Every symbol an order (or a quote) has named, in the order first seen.
    public var knownSymbols: [String] { symbolNames }

    /// Every symbol with a quote held, and the quote.
    public var heldQuotes: [(symbol: String, quote: Quote)] {
        symbolNames.indices.compactMap { index in quotes[index].map { (symbolNames[index], $0) } }
    }
}

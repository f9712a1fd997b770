/// How a price a bot reported (the fill of a bot-executed order) compares with the gate's own market data.
public enum PriceCheck: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Within `market_data.tolerance` of the fresh quote (the ask for a buy, the bid for a sell).
    case ok
    /// Further than `market_data.tolerance` from the fresh quote: booked (the venue filled it), but flagged.
    case offMarket
    /// No fresh quote was held to compare with.
    case unchecked

    public var description: String {
        switch self {
        case .ok: "ok"
        case .offMarket: "off_market"
        case .unchecked: "unchecked"
        }
    }

    /// The check named `text` (`ok`, `off_market`, `unchecked`), or nil.
    public init?(_ text: String) {
        guard let check = Self.allCases.first(where: { $0.description == text }) else { return nil }
        self = check
    }

    /// Compares `price` for an order on `side` with `quote` (nil: none fresh) within `tolerance`; returns the check
    /// and the market price compared with.
    public static func of(
        _ price: FixedDecimal,
        side: Side,
        quote: Quote?,
        tolerance: Percent
    ) -> (check: PriceCheck, market: FixedDecimal?) {
        guard let quote else { return (.unchecked, nil) }
        let market = quote.price(for: side)
        return (RiskState.deviates(price, from: market, by: tolerance) ? .offMarket : .ok, market)
    }
}

extension Gate {
    /// The quote held for `symbol` if it is no older than the profile's `market_data.max_age` now; nil otherwise.
    public func freshQuote(for symbol: String, at now: Timestamp) -> Quote? {
        let maxAge = profile.quoteMaxAge.nanoseconds
        guard let quote = quote(for: symbol), quote.age(at: now) <= maxAge else { return nil }
        return quote
    }
}

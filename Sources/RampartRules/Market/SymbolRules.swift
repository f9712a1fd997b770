/// A venue's trading rules for one symbol (Binance `exchangeInfo` filters): an order that breaks one would be
/// rejected by the venue, so the gate treats it as invalid and it never leaves Rampart.
public struct SymbolRules: Sendable, Hashable {
    /// The venue's name for the symbol, such as `BTCUSDT`.
    public var venueSymbol: String
    /// `LOT_SIZE.minQty`.
    public var minQuantity: FixedDecimal?
    /// `LOT_SIZE.maxQty`.
    public var maxQuantity: FixedDecimal?
    /// `LOT_SIZE.stepSize`: the quantity must be a multiple of it.
    public var stepSize: FixedDecimal?
    /// `PRICE_FILTER.tickSize`: a limit price must be a multiple of it.
    public var tickSize: FixedDecimal?
    /// `PRICE_FILTER.minPrice`.
    public var minPrice: FixedDecimal?
    /// `PRICE_FILTER.maxPrice`.
    public var maxPrice: FixedDecimal?
    /// `MIN_NOTIONAL.minNotional` or `NOTIONAL.minNotional`.
    public var minNotional: FixedDecimal?

    /// Creates rules; a nil (or zero) filter is not checked, as on the venue.
    public init(
        venueSymbol: String,
        minQuantity: FixedDecimal? = nil,
        maxQuantity: FixedDecimal? = nil,
        stepSize: FixedDecimal? = nil,
        tickSize: FixedDecimal? = nil,
        minPrice: FixedDecimal? = nil,
        maxPrice: FixedDecimal? = nil,
        minNotional: FixedDecimal? = nil
    ) {
        self.venueSymbol = venueSymbol
        self.minQuantity = minQuantity.flatMap { $0.isPositive ? $0 : nil }
        self.maxQuantity = maxQuantity.flatMap { $0.isPositive ? $0 : nil }
        self.stepSize = stepSize.flatMap { $0.isPositive ? $0 : nil }
        self.tickSize = tickSize.flatMap { $0.isPositive ? $0 : nil }
        self.minPrice = minPrice.flatMap { $0.isPositive ? $0 : nil }
        self.maxPrice = maxPrice.flatMap { $0.isPositive ? $0 : nil }
        self.minNotional = minNotional.flatMap { $0.isPositive ? $0 : nil }
    }

    /// The first filter the order breaks, with the filter's value, or nil when the venue would take it.
    ///
    /// `limitPrice` is the order's own price (limit orders only); `notional` is quantity × the valuation price.
    public func violation(
        quantity: FixedDecimal,
        limitPrice: FixedDecimal?,
        notional: FixedDecimal
    )
        -> SymbolRuleViolation?
    {
        if let minQuantity, quantity < minQuantity { return .init(filter: .minQuantity, value: minQuantity) }
        if let maxQuantity, quantity > maxQuantity { return .init(filter: .maxQuantity, value: maxQuantity) }
        if let stepSize, quantity.units % stepSize.units != 0 { return .init(filter: .stepSize, value: stepSize) }
        if let limitPrice {
            if let minPrice, limitPrice < minPrice { return .init(filter: .minPrice, value: minPrice) }
            if let maxPrice, limitPrice > maxPrice { return .init(filter: .maxPrice, value: maxPrice) }
            if let tickSize, limitPrice.units % tickSize.units != 0 { return .init(filter: .tickSize, value: tickSize) }
        }
        if let minNotional, notional < minNotional { return .init(filter: .minNotional, value: minNotional) }
        return nil
    }
}

/// One venue filter an order breaks, and the filter's value.
public struct SymbolRuleViolation: Sendable, Hashable, CustomStringConvertible {
    /// Which filter.
    public enum Filter: UInt8, Sendable, Hashable {
        case minQuantity, maxQuantity, stepSize, minPrice, maxPrice, tickSize, minNotional
    }

    /// Its value on the venue (first: after the 16-byte-aligned value the filter takes one byte, not sixteen, so a
    /// `Measure`, two per finding and four findings inline per decision, stays small).
    public let value: FixedDecimal
    /// The filter broken.
    public let filter: Filter

    /// The violation of `filter`, whose value on the venue is `value`.
    public init(filter: Filter, value: FixedDecimal) {
        self.value = value
        self.filter = filter
    }

    public var description: String {
        switch filter {
        case .minQuantity: "quantity is below the venue's minimum \(value) (LOT_SIZE minQty)"
        case .maxQuantity: "quantity is above the venue's maximum \(value) (LOT_SIZE maxQty)"
        case .stepSize: "quantity is not a multiple of the venue's step \(value) (LOT_SIZE stepSize)"
        case .minPrice: "price is below the venue's minimum \(value) (PRICE_FILTER minPrice)"
        case .maxPrice: "price is above the venue's maximum \(value) (PRICE_FILTER maxPrice)"
        case .tickSize: "price is not a multiple of the venue's tick \(value) (PRICE_FILTER tickSize)"
        case .minNotional: "notional is below the venue's minimum \(value) (MIN_NOTIONAL)"
        }
    }
}

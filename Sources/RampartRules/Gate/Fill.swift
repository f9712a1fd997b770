/// An execution of a permitted order.
public struct Fill: Sendable, Hashable {
    /// Filled quantity; at most the permit's quantity (the rest is released).
    public var quantity: FixedDecimal
    /// Execution price.
    public var price: FixedDecimal
    /// Fee paid, in the quote currency.
    public var fee: FixedDecimal
    /// Where the price came from: `market` for a venue's execution, a historical trade or a paper fill priced
    /// from market data; `caller` for a paper fill priced from the order's own numbers (DESIGN §7).
    public var priceSource: PriceSource

    /// Creates a fill.
    public init(
        quantity: FixedDecimal,
        price: FixedDecimal,
        fee: FixedDecimal = .zero,
        priceSource: PriceSource = .market
    ) {
        self.quantity = quantity
        self.price = price
        self.fee = fee
        self.priceSource = priceSource
    }
}

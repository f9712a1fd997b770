/// An execution of a permitted order.
public struct Fill: Sendable, Hashable {
    /// Filled quantity; at most the permit's quantity (the rest is released).
    public var quantity: FixedDecimal
    /// Execution price.
    public var price: FixedDecimal
    /// Fee paid, in the quote currency.
    public var fee: FixedDecimal

    /// Creates a fill.
    public init(quantity: FixedDecimal, price: FixedDecimal, fee: FixedDecimal = .zero) {
        self.quantity = quantity
        self.price = price
        self.fee = fee
    }
}

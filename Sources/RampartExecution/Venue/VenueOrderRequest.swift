public import RampartRules

/// An order as sent to a venue: a permitted order plus the client order id that identifies it there.
public struct VenueOrderRequest: Sendable, Hashable {
    /// The market, `BASE/QUOTE`.
    public var symbol: String
    /// Buy or sell.
    public var side: Side
    /// Market or limit (limit orders are sent immediate-or-cancel).
    public var type: OrderType
    /// Base quantity.
    public var quantity: FixedDecimal
    /// Limit price for limit orders.
    public var price: FixedDecimal?
    /// The id the order is placed and reconciled under.
    public var clientOrderID: String

    /// Creates a request.
    public init(
        symbol: String,
        side: Side,
        type: OrderType,
        quantity: FixedDecimal,
        price: FixedDecimal?,
        clientOrderID: String
    ) {
        self.symbol = symbol
        self.side = side
        self.type = type
        self.quantity = quantity
        self.price = price
        self.clientOrderID = clientOrderID
    }

    /// The request for a permitted order under `clientOrderID`.
    public init(permit: Permit, clientOrderID: String) {
        let order = permit.order
        self.init(
            symbol: order.symbol,
            side: order.side,
            type: order.type,
            quantity: order.quantity,
            price: order.type == .limit ? order.price : nil,
            clientOrderID: clientOrderID
        )
    }
}

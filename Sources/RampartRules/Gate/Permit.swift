/// Proof that the gate allowed an order and reserved room for it; only the gate can create one.
///
/// Executors take a `Permit`, never a bare `Order`, so no code path can send an order that was not gated.
/// Hand it back with `Gate.commit(_:fill:)` when the order fills or `Gate.release(_:)` when it does not.
public struct Permit: Sendable, Hashable {
    /// The allowed order.
    public let order: Order
    /// When the gate allowed it.
    public let time: Timestamp
    /// How it changes the position.
    public let effect: OrderEffect
    /// Hash of the profile that allowed it.
    public let profileHash: String
    let slot: Int32
    let generation: UInt32

    init(order: Order, time: Timestamp, effect: OrderEffect, profileHash: String, slot: Int32, generation: UInt32) {
        self.order = order
        self.time = time
        self.effect = effect
        self.profileHash = profileHash
        self.slot = slot
        self.generation = generation
    }
}

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

/// A round trip that a fill closed.
public struct ClosedTrade: Sendable, Hashable {
    /// The bot.
    public var bot: String
    /// The symbol.
    public var symbol: String
    /// Net P&L of the round trip, fees included.
    public var pnl: FixedDecimal
    /// When the position was opened.
    public var openedAt: Timestamp
    /// When it was closed.
    public var closedAt: Timestamp

    /// Whether the trade made money after fees.
    public var isWin: Bool { pnl.isPositive }
}

/// What committing a fill changed.
public struct FillOutcome: Sendable, Hashable {
    /// Realized P&L of this fill (zero for an opening fill).
    public var realizedPnL: FixedDecimal
    /// The round trip the fill completed, if it brought the position to flat.
    public var closedTrade: ClosedTrade?
}

/// Why the gate refused a commit or release.
public enum GateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The permit was already committed or released, or came from another gate.
    case unknownPermit
    /// The fill is malformed (the message says how); nothing changed.
    case invalidFill(String)
    /// The fill's arithmetic left the fixed-point range; nothing changed.
    case arithmetic(ArithmeticError)

    public var description: String {
        switch self {
        case .unknownPermit: "permit already committed or released"
        case .invalidFill(let reason): "invalid fill: \(reason)"
        case .arithmetic(let error): "fill rejected: \(error)"
        }
    }
}

public import RampartRules

/// A bot-executed order (`execution: external`): allowed and reserved by the gate, executed by the bot, which
/// reports its fills; the reservation is held for what is not filled until the bot releases it or it expires.
public struct ExternalOrder: Sendable, Hashable {
    /// The gate's permit; its order is the one decided, quantity included.
    public var permit: Permit
    /// When the reservation is released unless settled first (`serve --external-ttl` after the decision).
    public var expiresAt: Timestamp
    /// What the reported fills add up to.
    public var filled: FixedDecimal
    /// The ids of the fills reported so far.
    public var fillIDs: Set<String>

    /// Creates one.
    public init(permit: Permit, expiresAt: Timestamp, filled: FixedDecimal = .zero, fillIDs: Set<String> = []) {
        self.permit = permit
        self.expiresAt = expiresAt
        self.filled = filled
        self.fillIDs = fillIDs
    }

    /// The client order id the bot names it by.
    public var clientOrderID: String { permit.order.clientOrderID ?? "" }

    /// The quantity still reserved.
    public var remaining: FixedDecimal { FixedDecimal(units: permit.order.quantity.units - filled.units) }
}

/// One fill a bot reported, as booked (or as first booked, for a repeated `fill_id`).
public struct ExternalFillReport: Sendable, Hashable {
    /// The order's client order id.
    public var clientOrderID: String
    /// The bot's id for the fill.
    public var fillID: String
    /// The fill as booked; `priceSource` is `market` only when `priceCheck` is `ok`.
    public var fill: Fill
    /// How the price compared with the market.
    public var priceCheck: PriceCheck
    /// The market price it was compared with (nil when unchecked, or for a fill read back from the journal).
    public var marketPrice: FixedDecimal?
    /// Realized P&L it booked; nil in an answer replayed from the journal (which leaves P&L to replay).
    public var realizedPnL: FixedDecimal?
    /// The order's quantity.
    public var orderQuantity: FixedDecimal
    /// What the order's fills add up to now (after this one, for a new fill).
    public var filled: FixedDecimal
    /// When the reservation expires.
    public var expiresAt: Timestamp?
    /// True when this answers a `fill_id` reported before.
    public var replayed: Bool
    /// How the order ended since (`cancelled`, `expired`), for a repeated fill id of a released order; nil otherwise.
    public var releasedAs: String? = nil

    /// The quantity still reserved.
    public var remaining: FixedDecimal {
        releasedAs == nil ? FixedDecimal(units: max(orderQuantity.units - filled.units, 0)) : .zero
    }

    /// `reserved`, `filled`, or how it was released.
    public var orderStatus: String { releasedAs ?? (remaining.isPositive ? "reserved" : "filled") }
}

/// Why a fill report (or a release) of a bot-executed order was not booked; nothing changed.
public enum ExternalOrderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No bot-executed order has that client order id.
    case unknownOrder(String)
    /// The order is filled in full, cancelled or expired; `status` says which.
    case closed(String, status: String)
    /// The fill's quantity is above what the order has left.
    case exceedsReservation(String, remaining: FixedDecimal, requested: FixedDecimal)
    /// The fill id was reported before with other numbers.
    case fillIDConflict(String, fillID: String)
    /// A fill of the order is being booked right now (one at a time); sending it again books or reads it.
    case fillInFlight(String, fillID: String)
    /// The caller may not act for the order's bot or account.
    case outOfScope(String)
    /// The fill is malformed for the gate (price or quantity not above zero, arithmetic range).
    case invalid(String, reason: String)
    /// Booked (or released) in memory, but the journal did not take it yet.
    case notPersisted(String, reason: String)
    /// The journal could not be read to answer a repeated fill id or a closed order.
    case unreadable(String, reason: String)

    public var description: String {
        switch self {
        case .unknownOrder(let id): "no bot-executed order has client_order_id '\(id)'"
        case .closed(let id, let status): "order '\(id)' is \(status): nothing is reserved for it any more"
        case .exceedsReservation(let id, let remaining, let requested):
            "fill of \(requested) exceeds the \(remaining) order '\(id)' still has reserved"
        case .fillIDConflict(let id, let fillID):
            "fill_id '\(fillID)' of order '\(id)' was reported before with other numbers"
        case .fillInFlight(let id, let fillID):
            "a fill of order '\(id)' is being booked now; send fill_id '\(fillID)' again once it answered"
        case .outOfScope(let id): "the token may not act for order '\(id)''s bot or account"
        case .invalid(let id, let reason): "fill of order '\(id)' refused: \(reason)"
        case .notPersisted(let id, let reason): "order '\(id)': booked in memory, not journaled yet: \(reason)"
        case .unreadable(let id, let reason): "order '\(id)': the journal cannot be read: \(reason)"
        }
    }
}

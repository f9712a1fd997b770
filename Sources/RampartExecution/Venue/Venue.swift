public import RampartRules

/// A trading venue the live executor sends permitted orders to.
///
/// Implementations must tell a definite answer from an unknown one: `VenueError.rejected` and `.notSent` promise
/// that the venue did not act; anything that might have reached the venue and acted is `.unknownOutcome`.
/// Calls answer with a `Result` rather than `async throws(VenueError)`: Swift 6.3.1 on Linux crashes (null
/// function pointer) on typed-throws async calls through a protocol existential.
public protocol Venue: Sendable {
    /// How long after a place request was sent the venue may still accept it; an order reported absent before
    /// this has passed may yet appear, so absence only counts as definite after it (Binance: `recvWindow`).
    var lateArrivalWindow: Duration { get }

    /// Places an order; the answer is the venue's view of it right after placement.
    func place(_ request: VenueOrderRequest) async -> Result<VenueOrderStatus, VenueError>

    /// The venue's view of an order by client order id, or nil when the venue says it has no such order.
    func status(clientOrderID: String, symbol: String) async -> Result<VenueOrderStatus?, VenueError>

    /// Cancels an open order by client order id; the answer is its final state.
    func cancel(clientOrderID: String, symbol: String) async -> Result<VenueOrderStatus, VenueError>
}

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

/// A venue order's lifecycle state (Binance spot names in the comments).
public enum VenueOrderState: String, Sendable, Hashable, CaseIterable {
    /// `NEW`: accepted, nothing executed yet; still open.
    case new = "NEW"
    /// `PENDING_NEW`: accepted but not yet working; still open.
    case pendingNew = "PENDING_NEW"
    /// `PARTIALLY_FILLED`: partly executed and still open.
    case partiallyFilled = "PARTIALLY_FILLED"
    /// `FILLED`: fully executed.
    case filled = "FILLED"
    /// `PENDING_CANCEL`: being cancelled; still open.
    case pendingCancel = "PENDING_CANCEL"
    /// `CANCELED`: cancelled; `executedQty` may be above zero.
    case canceled = "CANCELED"
    /// `REJECTED`: refused by the engine.
    case rejected = "REJECTED"
    /// `EXPIRED`: ended by its time in force (an IOC remainder); `executedQty` may be above zero.
    case expired = "EXPIRED"
    /// `EXPIRED_IN_MATCH`: ended by self-trade prevention.
    case expiredInMatch = "EXPIRED_IN_MATCH"

    /// Whether the order can no longer execute.
    public var isFinal: Bool {
        switch self {
        case .new, .pendingNew, .partiallyFilled, .pendingCancel: false
        case .filled, .canceled, .rejected, .expired, .expiredInMatch: true
        }
    }
}

/// One execution of a venue order.
public struct VenueFill: Sendable, Hashable {
    /// Execution price.
    public var price: FixedDecimal
    /// Executed base quantity.
    public var quantity: FixedDecimal
    /// Commission charged.
    public var commission: FixedDecimal
    /// The asset the commission was charged in.
    public var commissionAsset: String

    /// Creates a fill.
    public init(price: FixedDecimal, quantity: FixedDecimal, commission: FixedDecimal, commissionAsset: String) {
        self.price = price
        self.quantity = quantity
        self.commission = commission
        self.commissionAsset = commissionAsset
    }
}

/// The venue's view of one order.
public struct VenueOrderStatus: Sendable, Hashable {
    /// The client order id.
    public var clientOrderID: String
    /// The venue's own order id, when it reported one.
    public var venueOrderID: String?
    /// Lifecycle state.
    public var state: VenueOrderState
    /// Executed base quantity.
    public var executedQuantity: FixedDecimal
    /// Executed quote amount (Binance `cummulativeQuoteQty`).
    public var cumulativeQuoteQuantity: FixedDecimal
    /// Individual executions, when the venue reported them (placement answers do; order queries do not).
    public var fills: [VenueFill]

    /// Creates a status.
    public init(
        clientOrderID: String,
        venueOrderID: String? = nil,
        state: VenueOrderState,
        executedQuantity: FixedDecimal,
        cumulativeQuoteQuantity: FixedDecimal,
        fills: [VenueFill] = []
    ) {
        self.clientOrderID = clientOrderID
        self.venueOrderID = venueOrderID
        self.state = state
        self.executedQuantity = executedQuantity
        self.cumulativeQuoteQuantity = cumulativeQuoteQuantity
        self.fills = fills
    }
}

/// Why a venue call failed, and whether the venue may have acted anyway.
public enum VenueError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The request was never sent (the reason says why); the venue did not act.
    case notSent(String)
    /// The venue answered with a definite refusal (HTTP status, venue error code and message); it did not act.
    case rejected(httpStatus: Int, code: Int?, message: String)
    /// The request may or may not have acted: timeout, dropped connection, 5xx, or an unreadable success answer.
    case unknownOutcome(String)

    /// Whether the error promises that the venue did not act.
    public var isDefinite: Bool {
        if case .unknownOutcome = self { return false }
        return true
    }

    public var description: String {
        switch self {
        case .notSent(let reason): "not sent: \(reason)"
        case .rejected(let status, let code, let message):
            "rejected by the venue (HTTP \(status)\(code.map { ", code \($0)" } ?? "")): \(message)"
        case .unknownOutcome(let reason): "outcome unknown: \(reason)"
        }
    }
}

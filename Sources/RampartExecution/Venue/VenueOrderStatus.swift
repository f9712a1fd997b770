public import RampartRules

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

public import RampartRules

/// The settlement side of the gate: book a fill against a permit, or give its reserved room back.
///
/// `Gate` conforms; a durable gate that journals commits and releases can conform the same way.
public protocol PermitSettlement: Sendable {
    /// Books a fill of a permitted order; the unfilled rest of the permit is released.
    @discardableResult
    func commit(_ permit: Permit, fill: Fill) throws(GateError) -> FillOutcome
    /// Gives back a permit's reserved room: the order was rejected or cancelled without a fill.
    func release(_ permit: Permit) throws(GateError)
}

extension Gate: PermitSettlement {}

/// How hard the router tries to learn the fate of an order whose placement outcome is unknown.
public struct ReconciliationPolicy: Sendable, Hashable {
    /// Status queries before the order is reported unresolved (at least 1).
    public var attempts: Int
    /// Wait after the first failed query; it doubles after each further failure.
    public var initialDelay: Duration
    /// Longest wait between queries.
    public var maximumDelay: Duration
    /// Extra wait beyond the venue's late-arrival window before "no such order" counts (clock skew allowance).
    public var absenceGrace: Duration

    /// Creates a policy.
    public init(
        attempts: Int = 5,
        initialDelay: Duration = .milliseconds(250),
        maximumDelay: Duration = .seconds(4),
        absenceGrace: Duration = .seconds(1)
    ) {
        self.attempts = max(1, attempts)
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.absenceGrace = absenceGrace
    }
}

/// How a routed permit ended.
public enum RouteOutcome: Sendable {
    /// The order (or part of it) filled and the fill is committed; any rest of the reservation is released.
    case filled(RoutedFill)
    /// Nothing filled and the reservation is released; the reason says why.
    case notFilled(reason: String)
    /// The order's fate is unknown or could not be booked; the reservation is still held. See the runbook.
    case unresolved(UnresolvedOrder)
}

/// A committed fill and where it came from.
public struct RoutedFill: Sendable {
    /// What was committed to the gate.
    public var fill: Fill
    /// What the commit changed (realized P&L, closed trade).
    public var outcome: FillOutcome
    /// The client order id (live orders only).
    public var clientOrderID: String?
    /// The venue's final view of the order (live orders only).
    public var venueStatus: VenueOrderStatus?
    /// Commissions charged in an asset other than the quote; they are booked as zero quote fee.
    public var otherCommissions: [VenueCommission]
    /// True when the venue reported executions without their fills (an order query), so the fee is unknown and
    /// was booked as zero.
    public var commissionUnknown: Bool
    /// True when the fill was learnt by reconciliation after an unknown placement outcome.
    public var reconciled: Bool
}

/// A commission in one asset.
public struct VenueCommission: Sendable, Hashable {
    /// The asset, such as `BNB`.
    public var asset: String
    /// The amount.
    public var amount: FixedDecimal

    /// Creates a commission.
    public init(asset: String, amount: FixedDecimal) {
        self.asset = asset
        self.amount = amount
    }
}

/// A live order whose fate the router could not settle; its permit's reservation is still held.
public struct UnresolvedOrder: Sendable {
    /// The permit, still reserved: commit or release it once the venue's truth is known.
    public var permit: Permit
    /// The client order id to look the order up by.
    public var clientOrderID: String
    /// Why it is unresolved.
    public var reason: String
    /// When the placement was sent.
    public var sentAt: ContinuousClock.Instant
}

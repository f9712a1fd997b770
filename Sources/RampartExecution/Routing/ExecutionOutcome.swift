public import RampartRules

/// What became of an allowed order: filled and booked, rejected and released, or pending with its reservation held.
public enum ExecutionOutcome: Sendable {
    /// The order (or part of it) filled and the fill is committed; any rest of the reservation is released.
    case filled(RoutedFill)
    /// Nothing filled and the reservation is released; the reason says why.
    case rejected(reason: String)
    /// The order's fate is unknown or could not be booked; the reservation is still held. See the runbook.
    case pending(UnresolvedOrder)
    /// A paper limit order that is not marketable: it rests with its reservation held until a later quote crosses
    /// it, it is cancelled, or it expires.
    case resting(RestingOrder)
}

/// A paper limit order waiting for the market to reach its limit.
public struct RestingOrder: Sendable {
    /// The permit whose reservation the order holds.
    public var permit: Permit
    /// When it started resting.
    public var since: Timestamp
    /// When it expires unfilled (`paper.resting_ttl` after `since`).
    public var expiresAt: Timestamp

    /// Creates a resting order.
    public init(permit: Permit, since: Timestamp, expiresAt: Timestamp) {
        self.permit = permit
        self.since = since
        self.expiresAt = expiresAt
    }
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
    /// Set when the fill is booked in memory but its journal write failed (see `SettlementError.fillNotDurable`).
    public var journalProblem: String? = nil

    /// A paper fill booked with this outcome.
    public static func paper(_ fill: Fill, outcome: FillOutcome) -> RoutedFill {
        RoutedFill(
            fill: fill,
            outcome: outcome,
            clientOrderID: nil,
            venueStatus: nil,
            otherCommissions: [],
            commissionUnknown: false,
            reconciled: false
        )
    }
}

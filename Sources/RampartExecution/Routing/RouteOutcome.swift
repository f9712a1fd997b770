public import RampartRules

/// The settlement side of the gate: book a fill against a permit, or give its reserved room back.
///
/// `GateSettlement` settles with an in-memory `Gate`; the service's durable gate conforms through an adapter that journals each
/// commit and release before it answers. Calls answer with a `Result` rather than `async throws(...)`: Swift
/// 6.3.1 on Linux crashes on typed-throws async calls through a protocol existential.
public protocol PermitSettlement: Sendable {
    /// Books a fill of a permitted order; the unfilled rest of the permit is released.
    func commit(_ permit: Permit, fill: Fill) async -> Result<FillOutcome, SettlementError>
    /// Gives back a permit's reserved room because the order ended without a fill; `reason` is recorded.
    func release(_ permit: Permit, reason: String) async -> Result<Void, SettlementError>
}

/// Why a commit or release did not settle cleanly.
public enum SettlementError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The gate refused it; nothing changed and the permit is still open.
    case refused(GateError)
    /// The fill is booked in memory (the permit is spent) but its journal write failed; it is written with the
    /// next write that commits.
    case fillNotDurable(FillOutcome, reason: String)
    /// The release took effect in memory (the permit is spent) but its journal write failed.
    case releaseNotDurable(reason: String)

    public var description: String {
        switch self {
        case .refused(let error): "the gate refused it: \(error)"
        case .fillNotDurable(_, let reason): "fill booked in memory but not journaled: \(reason)"
        case .releaseNotDurable(let reason): "released in memory but not journaled: \(reason)"
        }
    }
}

/// Settles permits with an in-memory `Gate` (the reason of a release is not kept).
public struct GateSettlement: PermitSettlement {
    /// The gate that issued the permits.
    public let gate: Gate

    /// Settles with `gate`.
    public init(_ gate: Gate) { self.gate = gate }

    public func commit(_ permit: Permit, fill: Fill) async -> Result<FillOutcome, SettlementError> {
        do throws(GateError) {
            return .success(try gate.commit(permit, fill: fill))
        } catch {
            return .failure(.refused(error))
        }
    }

    public func release(_ permit: Permit, reason: String) async -> Result<Void, SettlementError> {
        do throws(GateError) {
            try gate.release(permit)
            return .success(())
        } catch {
            return .failure(.refused(error))
        }
    }
}

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
    /// Set when the fill is booked in memory but its journal write failed (see `SettlementError.fillNotDurable`).
    public var journalProblem: String? = nil
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

    /// Creates one; for an order found in flight after a restart, `sentAt` is the restart (the placement can have
    /// left no later), so "absent" only counts once the venue's late-arrival window has passed since then.
    public init(permit: Permit, clientOrderID: String, reason: String, sentAt: ContinuousClock.Instant) {
        self.permit = permit
        self.clientOrderID = clientOrderID
        self.reason = reason
        self.sentAt = sentAt
    }
}

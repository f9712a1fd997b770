public import RampartRules

/// The settlement side of the gate: book a fill against a permit, or give its reserved room back.
///
/// `GateSettlement` settles with an in-memory `Gate`; RampartDesk makes the durable gate conform, journaling each
/// commit and release before it answers. Calls answer with a `Result` rather than `async throws(...)`: Swift
/// 6.3.1 on Linux crashes on typed-throws async calls through a protocol existential.
public protocol PermitSettlement: Sendable {
    /// Books a fill of a permitted order; the unfilled rest of the permit is released.
    func settle(_ permit: Permit, fill: Fill) async -> Result<FillOutcome, SettlementError>
    /// Gives back a permit's reserved room because the order ended without a fill; `reason` is recorded.
    func settle(_ permit: Permit, releasing reason: String) async -> Result<Void, SettlementError>
    /// Records that a permitted paper order rests until `expiresAt`, its reservation held (durable before it answers).
    func settle(_ permit: Permit, restingUntil expiresAt: Timestamp) async -> Result<Void, SettlementError>
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

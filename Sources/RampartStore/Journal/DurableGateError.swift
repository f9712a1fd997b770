public import RampartRules

/// Why a `DurableGate` operation failed.
public enum DurableGateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The journal could not store it; the in-memory effect is kept and retried with the next write.
    case journal(JournalError)
    /// The gate refused it; nothing changed.
    case gate(GateError)
    /// A fill is booked in memory (with this outcome) but its journal write failed; it is written with the next
    /// write that commits.
    case fillNotJournaled(FillOutcome, JournalError)

    public var description: String {
        switch self {
        case .journal(let error): "not durable: \(error)"
        case .gate(let error): "\(error)"
        case .fillNotJournaled(_, let error): "fill booked but not durable: \(error)"
        }
    }
}

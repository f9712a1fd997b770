import RampartRules

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

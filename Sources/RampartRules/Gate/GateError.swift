/// Why the gate refused a commit or release.
public enum GateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The permit was already committed or released, or came from another gate.
    case unknownPermit
    /// The fill is malformed (the message says how); nothing changed.
    case invalidFill(String)
    /// The fill's arithmetic left the fixed-point range; nothing changed.
    case arithmetic(ArithmeticError)
    /// A fill of a bot-executed order above the quantity its reservation still holds; nothing changed.
    case exceedsReservation(remaining: FixedDecimal)

    public var description: String {
        switch self {
        case .unknownPermit: "permit already committed or released"
        case .invalidFill(let reason): "invalid fill: \(reason)"
        case .arithmetic(let error): "fill rejected: \(error)"
        case .exceedsReservation(let remaining): "the fill exceeds the \(remaining) still reserved"
        }
    }
}

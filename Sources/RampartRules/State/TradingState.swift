/// How much trading a scope (global, account, bot) may do.
public enum TradingState: UInt8, Sendable, Hashable, Comparable, CaseIterable, CustomStringConvertible {
    /// Normal trading.
    case active
    /// Only risk-reducing orders.
    case reducing
    /// No orders at all.
    case halted

    public static func < (lhs: TradingState, rhs: TradingState) -> Bool { lhs.rawValue < rhs.rawValue }

    /// `ACTIVE`, `REDUCING`, `HALTED`.
    public var description: String {
        switch self {
        case .active: "ACTIVE"
        case .reducing: "REDUCING"
        case .halted: "HALTED"
        }
    }
}

/// A trading state with its expiry and why it was set.
public struct TradingStateEntry: Sendable, Hashable {
    /// The state.
    public var state: TradingState
    /// When it lapses back to ACTIVE; nil means until an operator resumes.
    public var until: Timestamp?
    /// Rule id or operator reason that set it.
    public var reason: String?

    /// ACTIVE, no expiry.
    public static let active = TradingStateEntry(state: .active, until: nil, reason: nil)

    /// Creates an entry.
    public init(state: TradingState, until: Timestamp?, reason: String?) {
        self.state = state
        self.until = until
        self.reason = reason
    }

    /// The state in force at `now`.
    @inlinable public func state(at now: Timestamp) -> TradingState {
        if let until, until <= now { return .active }
        return state
    }
}

/// Which part of the book an operator action applies to.
public enum TradingScope: Sendable, Hashable, CustomStringConvertible {
    /// Parses `global`, `account:NAME` or `bot:NAME`, the name in the name grammar; nil otherwise.
    public init?(parsing text: String) {
        if text == "global" {
            self = .global
        } else if text.hasPrefix("account:"), NameGrammar.admits(String(text.dropFirst("account:".count))) {
            self = .account(String(text.dropFirst("account:".count)))
        } else if text.hasPrefix("bot:"), NameGrammar.admits(String(text.dropFirst("bot:".count))) {
            self = .bot(String(text.dropFirst("bot:".count)))
        } else {
            return nil
        }
    }

    /// Everything.
    case global
    /// One account.
    case account(String)
    /// One bot.
    case bot(String)

    /// `global`, `account:NAME`, `bot:NAME`.
    public var description: String {
        switch self {
        case .global: "global"
        case .account(let name): "account:\(name)"
        case .bot(let name): "bot:\(name)"
        }
    }
}

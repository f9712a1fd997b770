public import RampartRules

/// One scope's trading state as an operator (or a rule action) set it, with the reason.
public struct TradingStateRecord: Sendable, Hashable {
    /// The scope.
    public var scope: TradingScope
    /// The state set.
    public var state: TradingState
    /// Why.
    public var reason: String

    /// Creates a record.
    public init(scope: TradingScope, state: TradingState, reason: String) {
        self.scope = scope
        self.state = state
        self.reason = reason
    }
}

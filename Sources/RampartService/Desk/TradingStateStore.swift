public import RampartRules

/// Keeps operator-set trading states across restarts; the journal will conform, `InMemoryTradingStateStore` until then.
public protocol TradingStateStore: Sendable {
    /// Every scope an operator set and did not resume, to re-apply at start.
    func load() async throws(TradingStateStoreError) -> [TradingStateRecord]
    /// Records a scope's state (`.active` removes it).
    func save(_ record: TradingStateRecord) async throws(TradingStateStoreError)
}

/// One operator-set trading state.
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

/// A trading state store failure.
public struct TradingStateStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public var message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

import RampartRules
import Synchronization

/// A `TradingStateStore` in memory: survives reloads but not restarts (the stand-in until the journal lands).
public final class InMemoryTradingStateStore: TradingStateStore {
    private let records = Mutex<[TradingScope: TradingStateRecord]>([:])

    /// Creates an empty store, or one holding `initial`.
    public init(_ initial: [TradingStateRecord] = []) {
        records.withLock { stored in for record in initial { stored[record.scope] = record } }
    }

    /// Every non-active record.
    public func load() async throws(TradingStateStoreError) -> [TradingStateRecord] {
        records.withLock { Array($0.values) }.sorted { $0.scope.description < $1.scope.description }
    }

    /// Stores `record`; `.active` removes the scope.
    public func save(_ record: TradingStateRecord) async throws(TradingStateStoreError) {
        records.withLock { stored in
            if record.state == .active { stored[record.scope] = nil } else { stored[record.scope] = record }
        }
    }
}

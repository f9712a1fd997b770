public import RampartRules
import Synchronization

/// Idempotency on `client_order_id` for a desk, and the bots and accounts it has seen.
///
/// The first submission of an id runs; every repeat awaits that first task and gets its result marked `replayed`.
public final class FirstSubmissions: Sendable {
    private struct Book {
        var results: [String: Task<DeskResult, Never>] = [:]
        var bots: Set<String> = []
        var accounts: Set<String> = []
    }

    private let book = Mutex(Book())

    /// An empty book.
    public init() {}

    /// Whether a submission with this id ran (or runs) in this process.
    public func contains(_ clientOrderID: String) -> Bool { book.withLock { $0.results[clientOrderID] != nil } }

    /// Runs `process` for the first submission of `order`'s client order id and returns its result to every repeat.
    public func submit(_ order: Order, _ process: @escaping @Sendable (Order) async -> DeskResult) async -> DeskResult {
        book.withLock { book in
            book.bots.insert(order.bot)
            book.accounts.insert(order.account)
        }
        guard let id = order.clientOrderID else { return await process(order) }
        let (task, isFirst) = book.withLock { book -> (Task<DeskResult, Never>, Bool) in
            if let existing = book.results[id] { return (existing, false) }
            let task = Task { await process(order) }
            book.results[id] = task
            return (task, true)
        }
        var result = await task.value
        result.replayed = !isFirst
        return result
    }

    /// Bots and accounts seen so far, sorted.
    public var names: (bots: [String], accounts: [String]) {
        book.withLock { ($0.bots.sorted(), $0.accounts.sorted()) }
    }
}

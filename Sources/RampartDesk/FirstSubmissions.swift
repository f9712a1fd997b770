import RampartRules
import Synchronization

/// Idempotency on `client_order_id` within one process.
///
/// The first submission of an id runs; every repeat awaits that first task and gets its answer as `.replayed`.
final class FirstSubmissions: Sendable {
    private let results = Mutex<[String: Task<OrderOutcome, Never>]>([:])

    /// Whether a submission with this id ran (or runs) in this process.
    func contains(_ clientOrderID: String) -> Bool { results.withLock { $0[clientOrderID] != nil } }

    /// Runs `process` for the first submission of `order`'s client order id and returns its answer to every repeat.
    func submit(_ order: Order, _ process: @escaping @Sendable (Order) async -> OrderOutcome) async -> OrderOutcome {
        guard let id = order.clientOrderID else { return await process(order) }
        let (task, isFirst) = results.withLock { results -> (Task<OrderOutcome, Never>, Bool) in
            if let existing = results[id] { return (existing, false) }
            let task = Task { await process(order) }
            results[id] = task
            return (task, true)
        }
        let outcome = await task.value
        return isFirst ? outcome : .replayed(outcome)
    }
}

import RampartRules
import Synchronization

/// Idempotency on `client_order_id` within one process, for the newest `capacity` ids.
///
/// The first submission of an id runs; every repeat awaits that first task and gets its answer as `.replayed`.
/// Memory holds the newest `capacity` ids whose first submission ended, plus those still running; an older id is
/// forgotten here, and a repeat of it is answered from the journal (`OrderDesk.submit`), as after a restart.
final class FirstSubmissions: Sendable {
    /// The ids remembered by default (`DeskConfiguration.rememberedClientOrderIDs`).
    static let standardCapacity = 100_000

    private struct Memory {
        var results: [String: Task<OrderOutcome, Never>] = [:]
        /// Ids whose first submission ended, oldest first, from `head` on (the slots before it are forgotten).
        var ended: [String] = []
        var head = 0
    }

    private let memory = Mutex(Memory())
    private let capacity: Int

    init(capacity: Int = FirstSubmissions.standardCapacity) { self.capacity = max(capacity, 1) }

    /// Whether a submission with this id ran (or runs) in this process and is still remembered.
    func contains(_ clientOrderID: String) -> Bool { memory.withLock { $0.results[clientOrderID] != nil } }

    /// How many ids it remembers.
    var count: Int { memory.withLock { $0.results.count } }

    /// Runs `process` for the first submission of `order`'s client order id and returns its answer to every repeat.
    func submit(_ order: Order, _ process: @escaping @Sendable (Order) async -> OrderOutcome) async -> OrderOutcome {
        guard let id = order.clientOrderID else { return await process(order) }
        let (task, isFirst) = memory.withLock { memory -> (Task<OrderOutcome, Never>, Bool) in
            if let existing = memory.results[id] { return (existing, false) }
            let task = Task { await process(order) }
            memory.results[id] = task
            return (task, true)
        }
        let outcome = await task.value
        if isFirst { ended(id) }
        return isFirst ? outcome : .replayed(outcome)
    }

    /// Records that `id`'s first submission ended, and forgets the oldest ended ids beyond `capacity`. A running
    /// submission is never forgotten: its repeats must wait for it, not start another.
    private func ended(_ id: String) {
        let capacity = self.capacity
        memory.withLock { memory in
            memory.ended.append(id)
            while memory.ended.count - memory.head > capacity {
                memory.results[memory.ended[memory.head]] = nil
                memory.head += 1
            }
            if memory.head >= 4_096 && memory.head * 2 >= memory.ended.count {
                memory.ended.removeFirst(memory.head)
                memory.head = 0
            }
        }
    }
}

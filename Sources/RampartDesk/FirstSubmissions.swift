import RampartRules
import Synchronization

/// Idempotency on `client_order_id` within one process, for the newest `capacity` ids.
///
/// The first submission of an id runs; every repeat waits for its answer and gets it as `.replayed`.
/// Memory holds the newest `capacity` ids whose first submission ended, plus those still running; an older id is
/// forgotten here, and a repeat of it is answered from the journal (`OrderDesk.submit`), as after a restart.
final class FirstSubmissions: Sendable {
    /// The ids remembered by default (`DeskConfiguration.rememberedClientOrderIDs`).
    static let standardCapacity = 100_000

    private struct Memory {
        var results: [String: FirstAnswer] = [:]
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

    /// Runs `process` for the first submission of `order`'s client order id, with what to call with its answer;
    /// `completion` gets the answer (`.replayed` for a repeat) once the first submission has one. Nothing suspends.
    func submit(
        _ order: Order,
        _ process: (Order, @escaping @Sendable (OrderOutcome) -> Void) -> Void,
        then completion: @escaping @Sendable (OrderOutcome) -> Void
    ) {
        guard let id = order.clientOrderID else { return process(order, completion) }
        let (answer, isFirst) = memory.withLock { memory -> (FirstAnswer, Bool) in
            if let existing = memory.results[id] { return (existing, false) }
            let answer = FirstAnswer()
            memory.results[id] = answer
            return (answer, true)
        }
        guard isFirst else { return answer.whenAnswered { completion(.replayed($0)) } }
        process(order) { outcome in
            answer.answer(outcome)
            self.ended(id)
            completion(outcome)
        }
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

/// The answer of a first submission, once it has one, for the repeats that wait for it.
final class FirstAnswer: Sendable {
    private enum State {
        case waiting([@Sendable (OrderOutcome) -> Void])
        case answered(OrderOutcome)
    }

    private let state = Mutex(State.waiting([]))

    /// Calls `body` with the answer: now if there is one, else when it comes.
    func whenAnswered(_ body: @escaping @Sendable (OrderOutcome) -> Void) {
        let answered = state.withLock { state -> OrderOutcome? in
            switch state {
            case .answered(let outcome): return outcome
            case .waiting(var waiters):
                state = .waiting([])  // the array is uniquely held while it grows
                waiters.append(body)
                state = .waiting(waiters)
                return nil
            }
        }
        if let answered { body(answered) }
    }

    /// Sets the answer (once) and gives it to every repeat waiting.
    func answer(_ outcome: OrderOutcome) {
        let waiters = state.withLock { state -> [@Sendable (OrderOutcome) -> Void] in
            guard case .waiting(let waiters) = state else { return [] }
            state = .answered(outcome)
            return waiters
        }
        for waiter in waiters { waiter(outcome) }
    }
}

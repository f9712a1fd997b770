import RampartRules
import RampartStore
import RampartTestSupport
import Synchronization
import Testing

@testable import RampartDesk

/// The desk's memory of first submissions: bounded to the newest ids, never forgetting one still running.
@Suite struct FirstSubmissionsTests {
    /// An answer for the tests (what it says does not matter here).
    static let refused = OrderOutcome.storageRefused(
        StorageRefusal(reason: "test", profileHash: "test-hash", time: Timestamp(nanoseconds: 0))
    )

    /// Submits `order`, whose first submission answers at once with `refused`, and returns the answer it got.
    static func submitAnsweringAtOnce(
        _ order: Order,
        to submissions: FirstSubmissions,
        runs: borrowing Atomic<Int>
    ) -> OrderOutcome? {
        let answer = Mutex<OrderOutcome?>(nil)
        submissions.submit(
            order,
            { _, done in
                runs.add(1, ordering: .relaxed)
                done(Self.refused)
            },
            then: { outcome in answer.withLock { $0 = outcome } }
        )
        return answer.withLock { $0 }
    }

    @Test func theOldestEndedIDsAreForgottenBeyondTheCapacity() {
        let submissions = FirstSubmissions(capacity: 2)
        let runs = Atomic(0)
        for id in ["a", "b", "c"] {
            #expect(Self.submitAnsweringAtOnce(order(.buy, "1", at: "100", id: id), to: submissions, runs: runs) != nil)
        }
        #expect(!submissions.contains("a") && submissions.contains("b") && submissions.contains("c"))
        #expect(submissions.count == 2)
        let repeated = Self.submitAnsweringAtOnce(order(.buy, "1", at: "100", id: "c"), to: submissions, runs: runs)
        #expect(repeated?.isReplay == true)
        #expect(runs.load(ordering: .relaxed) == 3)
    }

    @Test func aSubmissionStillRunningIsNotForgotten() {
        let submissions = FirstSubmissions(capacity: 1)
        let runs = Atomic(0)
        let finish = Mutex<(@Sendable (OrderOutcome) -> Void)?>(nil)
        submissions.submit(
            order(.buy, "1", at: "100", id: "slow"),
            { _, done in finish.withLock { $0 = done } },
            then: { _ in }
        )
        for id in ["x", "y", "z"] {
            _ = Self.submitAnsweringAtOnce(order(.buy, "1", at: "100", id: id), to: submissions, runs: runs)
        }
        #expect(submissions.contains("slow") && submissions.count == 2)
        let done = finish.withLock { $0 }
        done?(Self.refused)
        // Once it ended it is the newest ended id: the capacity keeps it, and forgets the rest.
        #expect(submissions.contains("slow") && submissions.count == 1)
    }

    @Test func aRepeatStartedWithoutATaskWaitsForTheFirstAnswerAndGetsItReplayed() {
        let submissions = FirstSubmissions(capacity: 4)
        let finish = Mutex<(@Sendable (OrderOutcome) -> Void)?>(nil)
        let answers = Mutex<[OrderOutcome]>([])
        let runs = Atomic(0)
        let process: (Order, @escaping @Sendable (OrderOutcome) -> Void) -> Void = { _, done in
            runs.add(1, ordering: .relaxed)
            finish.withLock { $0 = done }
        }
        let first = order(.buy, "1", at: "100", id: "once")
        submissions.submit(first, process) { outcome in answers.withLock { $0.append(outcome) } }
        submissions.submit(first, process) { outcome in answers.withLock { $0.append(outcome) } }
        // Neither is answered before the first submission has its answer; the repeat did not run.
        #expect(answers.withLock { $0.isEmpty } && runs.load(ordering: .relaxed) == 1)
        let done = finish.withLock { $0 }
        done?(Self.refused)
        let received = answers.withLock { $0 }
        #expect(received.count == 2)
        #expect(received.filter(\.isReplay).count == 1 && received.filter { !$0.isReplay }.count == 1)
        // Once answered, a later repeat is answered at once, as a replay.
        submissions.submit(first, process) { outcome in answers.withLock { $0.append(outcome) } }
        #expect(answers.withLock { $0.count == 3 && $0[2].isReplay } && runs.load(ordering: .relaxed) == 1)
    }
}

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

    @Test func theOldestEndedIDsAreForgottenBeyondTheCapacity() async {
        let submissions = FirstSubmissions(capacity: 2)
        let runs = Atomic(0)
        for id in ["a", "b", "c"] {
            _ = await submissions.submit(order(.buy, "1", at: "100", id: id)) { _ in
                runs.add(1, ordering: .relaxed)
                return Self.refused
            }
        }
        #expect(!submissions.contains("a") && submissions.contains("b") && submissions.contains("c"))
        #expect(submissions.count == 2)
        #expect(await submissions.submit(order(.buy, "1", at: "100", id: "c")) { _ in Self.refused }.isReplay)
        #expect(runs.load(ordering: .relaxed) == 3)
    }

    @Test func aSubmissionStillRunningIsNotForgotten() async {
        let submissions = FirstSubmissions(capacity: 1)
        let (started, starting) = AsyncStream<Void>.makeStream()
        let (release, releasing) = AsyncStream<Void>.makeStream()
        let slow = Task {
            await submissions.submit(order(.buy, "1", at: "100", id: "slow")) { _ in
                starting.yield()
                for await _ in release { break }
                return Self.refused
            }
        }
        for await _ in started { break }
        for id in ["x", "y", "z"] {
            _ = await submissions.submit(order(.buy, "1", at: "100", id: id)) { _ in Self.refused }
        }
        #expect(submissions.contains("slow") && submissions.count == 2)
        releasing.yield()
        _ = await slow.value
        // Once it ended it is the newest ended id: the capacity keeps it, and forgets the rest.
        #expect(submissions.contains("slow") && submissions.count == 1)
    }
}

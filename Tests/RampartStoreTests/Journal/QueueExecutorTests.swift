import Testing

@testable import RampartStore

@Suite struct QueueExecutorTests {
    @Test func aTaskThatPrefersTheExecutorRunsOnItsQueueAcrossSuspensions() async {
        let executor = QueueExecutor(label: "queue-executor-test")
        let (before, after) = await Task(executorPreference: executor) { () async -> (Bool, Bool) in
            let before = executor.isCurrent
            // Resumed from another thread: the task comes back to its preferred executor.
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                Task.detached { continuation.resume() }
            }
            return (before, executor.isCurrent)
        }.value
        #expect(before && after)
        #expect(await Task { executor.isCurrent }.value == false)
        #expect(await withTaskExecutorPreference(executor) { executor.isCurrent })
    }
}

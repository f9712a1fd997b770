import Dispatch

/// A task executor on a serial dispatch queue of its own: work that runs long (a snapshot's fold and encoding take
/// 100 ms and more for a large state) runs there instead of on the event loops that also run the service's tasks,
/// where it would hold every connection of that loop for as long (`rampart serve` makes NIO's event loops the
/// global executor). The operating system then shares the cores between it and the event loops.
final class QueueExecutor: TaskExecutor, @unchecked Sendable {
    private let queue: DispatchQueue
    private let key = DispatchSpecificKey<ObjectIdentifier>()

    /// An executor on a new serial queue named `label`.
    init(label: String) {
        queue = DispatchQueue(label: label, qos: .utility)
        queue.setSpecific(key: key, value: ObjectIdentifier(self))
    }

    /// Whether the caller runs on this executor's queue now.
    var isCurrent: Bool { DispatchQueue.getSpecific(key: key) == ObjectIdentifier(self) }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}

import RampartRules
import Synchronization

/// The time a replay is at: the gate reads it, the replay sets it to each fill's time.
final class ReplayClock: Sendable {
    private let nanoseconds = Atomic<Int64>(0)

    /// Moves the clock to `time`.
    func set(_ time: Timestamp) { nanoseconds.store(time.nanoseconds, ordering: .relaxed) }

    /// The clock as the gate takes it.
    var function: @Sendable () -> Timestamp {
        { Timestamp(nanoseconds: self.nanoseconds.load(ordering: .relaxed)) }
    }
}

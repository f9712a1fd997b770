import RampartSystem

extension Timestamp {
    /// The wall clock now, UTC, nanosecond resolution: the one clock every Rampart program stamps decisions with.
    @Sendable public static func now() -> Timestamp { Timestamp(nanoseconds: WallClock.nanosecondsSinceEpoch()) }
}

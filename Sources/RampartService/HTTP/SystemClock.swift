import Glibc
public import RampartRules

/// Wall-clock time as a `Timestamp`.
public enum SystemClock {
    /// Now, UTC, nanosecond resolution.
    @Sendable public static func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(nanoseconds: Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec))
    }
}

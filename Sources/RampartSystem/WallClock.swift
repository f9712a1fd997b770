/// The operating system's real-time clock.
public enum WallClock {
    /// Nanoseconds since 1970-01-01T00:00:00Z.
    public static func nanosecondsSinceEpoch() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }
}

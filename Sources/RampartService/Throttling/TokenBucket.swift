import RampartRules

/// A token bucket shaped by a `Rate`: `5/1m` holds 5 tokens when full and gets one back every 12 seconds.
///
/// A bucket's whole state is one number, the instant (nanoseconds on a monotonic clock) at which it will be full
/// again: it is full once that instant has passed, and holds one token fewer for every `interval` the instant lies
/// ahead. Taking a token moves the instant one `interval` later. (This is GCRA, the generic cell rate algorithm:
/// the same limits as a counting bucket, with no refill step and no floating point.)
struct TokenBucket: Sendable, Hashable {
    /// Tokens in a full bucket: the burst a client may spend at once.
    let capacity: Int64
    /// Nanoseconds to get one token back.
    let interval: Int64

    /// The bucket for `rate`: `rate.count` tokens, refilled at `rate.count` per `rate.window`.
    init(_ rate: Rate) {
        capacity = max(1, Int64(rate.count))
        interval = max(1, rate.window.nanoseconds / capacity)
    }

    /// How far ahead of `now` the full instant may lie while one token is still left: the refill time of
    /// `capacity - 1` tokens.
    private var tolerance: Int64 { (capacity - 1) * interval }

    /// Nanoseconds until the bucket full at `fullAt` can give a token; 0 when it can now.
    func wait(fullAt: Int64, now: Int64) -> Int64 { max(0, fullAt - now - tolerance) }

    /// Tokens the bucket full at `fullAt` holds at `now`.
    func tokens(fullAt: Int64, now: Int64) -> Int64 {
        let missing = max(0, fullAt - now)
        return max(0, capacity - (missing + interval - 1) / interval)
    }

    /// Takes one token: the bucket's new full instant, or nil when it is empty.
    func take(fullAt: Int64, now: Int64) -> Int64? {
        guard wait(fullAt: fullAt, now: now) == 0 else { return nil }
        return max(fullAt, now) + interval
    }

    /// Whole seconds, rounded up and at least 1, for a `Retry-After` header after a wait of `nanoseconds`.
    static func retryAfterSeconds(_ nanoseconds: Int64) -> Int {
        Int(max(1, (nanoseconds + 999_999_999) / 1_000_000_000))
    }
}

/// One token bucket per key (client address, token name), at most `limit` keys.
///
/// Memory is bounded: when a new key finds the table full, the keys whose buckets have refilled are dropped (a full
/// bucket says nothing a missing one does not), which a bucket does at most one rate window after its last token
/// was taken. When `limit` keys all hold partly empty buckets, the new key is not tracked and the caller refuses it
/// (fail closed).
struct BucketTable<Key: Hashable & Sendable>: Sendable {
    /// What `take` did.
    enum Outcome: Sendable, Equatable {
        /// A token was taken; `emptyFor` is how long (nanoseconds) the bucket now has none left, 0 if it has.
        case taken(emptyFor: Int64)
        /// The bucket is empty: a token comes back in `wait` nanoseconds.
        case refused(wait: Int64)
        /// The table is full of buckets still refilling, so this key cannot be tracked.
        case untracked
    }

    /// The shape of every bucket.
    let bucket: TokenBucket
    /// The most keys held at once.
    let limit: Int
    /// Each key's bucket, as the instant it is full again.
    private(set) var fullAt: [Key: Int64] = [:]
    /// No entry can have refilled before this instant, so a sweep before it would free nothing.
    private var nextSweep = Int64.min

    /// An empty table of buckets shaped like `bucket`.
    init(bucket: TokenBucket, limit: Int) {
        self.bucket = bucket
        self.limit = max(1, limit)
        fullAt.reserveCapacity(min(self.limit, 1_024))
    }

    /// Keys held now.
    var count: Int { fullAt.count }

    /// Takes a token from `key`'s bucket (a new key starts full). No allocation for a key already held.
    mutating func take(_ key: Key, now: Int64) -> Outcome {
        if let index = fullAt.index(forKey: key) {
            let current = fullAt.values[index]
            guard let next = bucket.take(fullAt: current, now: now) else {
                return .refused(wait: bucket.wait(fullAt: current, now: now))
            }
            fullAt.values[index] = next
            return .taken(emptyFor: bucket.wait(fullAt: next, now: now))
        }
        guard makeRoom(now: now) else { return .untracked }
        let next = now + bucket.interval
        fullAt[key] = next
        return .taken(emptyFor: bucket.wait(fullAt: next, now: now))
    }

    /// Nanoseconds until `key`'s bucket can give a token; 0 when it can now or the key is not held.
    func wait(_ key: Key, now: Int64) -> Int64 {
        guard let current = fullAt[key] else { return 0 }
        return bucket.wait(fullAt: current, now: now)
    }

    /// Tokens left in `key`'s bucket (a full bucket for a key not held).
    func tokens(_ key: Key, now: Int64) -> Int64 {
        guard let current = fullAt[key] else { return bucket.capacity }
        return bucket.tokens(fullAt: current, now: now)
    }

    /// Whether a new key fits: below the limit, or after dropping the buckets that have refilled.
    private mutating func makeRoom(now: Int64) -> Bool {
        if fullAt.count < limit { return true }
        guard now >= nextSweep else { return false }
        fullAt = fullAt.filter { $0.value > now }
        nextSweep = fullAt.values.min() ?? Int64.min
        return fullAt.count < limit
    }
}

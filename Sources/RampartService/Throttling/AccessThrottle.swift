import RampartRules
import Synchronization

/// The service's two throttles (DESIGN §9): failed authentications per client address, and requests per token.
///
/// Each is one `BucketTable` behind a `Mutex`, touched once per request and never allocating for a known key. A
/// request whose token is good pays one atomic load for the address throttle (none is refusing, the normal case)
/// and one short critical section for its token's bucket.
public final class AccessThrottle: Sendable {
    /// The limits.
    public let configuration: ThrottleConfiguration
    private let failures: Mutex<BucketTable<ClientAddress>>
    private let requests: Mutex<BucketTable<String>>
    /// The monotonic instant (see `now()`) until which some address may be refused; 0 when none is, so the check
    /// in front of every authentication is one atomic load until an address spends its budget.
    private let refusingUntil = Atomic<Int64>(0)
    private let origin = ContinuousClock.now

    /// A throttle with `configuration`'s limits, every bucket full.
    public init(_ configuration: ThrottleConfiguration = .standard) {
        self.configuration = configuration
        let unlimited = Rate(count: 1, window: TimeSpan(nanoseconds: 1))
        failures = Mutex(
            BucketTable(
                bucket: TokenBucket(configuration.authFailureRate ?? unlimited),
                limit: configuration.trackedAddresses
            )
        )
        requests = Mutex(
            BucketTable(bucket: TokenBucket(configuration.tokenRate ?? unlimited), limit: configuration.trackedTokens)
        )
    }

    /// Nanoseconds since the throttle was made, on the monotonic clock.
    func now() -> Int64 {
        let elapsed = origin.duration(to: ContinuousClock.now).components
        return elapsed.seconds * 1_000_000_000 + elapsed.attoseconds / 1_000_000_000
    }

    /// Nanoseconds before `address` may fail to authenticate again, or nil when it may now: an address that has
    /// spent its budget is refused before its token is looked up. `address` is evaluated only while some address
    /// is being refused.
    func failureWait(from address: @autoclosure () -> ClientAddress, now: Int64? = nil) -> Int64? {
        let until = refusingUntil.load(ordering: .relaxed)
        guard until != 0, configuration.authFailureRate != nil else { return nil }
        let now = now ?? self.now()
        guard now < until else {
            _ = refusingUntil.compareExchange(expected: until, desired: 0, ordering: .relaxed)
            return nil
        }
        let key = address()
        let wait = failures.withLock { $0.wait(key, now: now) }
        return wait > 0 ? wait : nil
    }

    /// Counts a failed authentication from `address`: nil while within its budget; else the nanoseconds to wait,
    /// and the caller answers 429. An address the table has no room for is refused (fail closed).
    func recordFailure(from address: ClientAddress, now: Int64? = nil) -> Int64? {
        guard configuration.authFailureRate != nil else { return nil }
        let now = now ?? self.now()
        let (outcome, interval) = failures.withLock { ($0.take(address, now: now), $0.bucket.interval) }
        switch outcome {
        case .taken(let emptyFor):
            if emptyFor > 0 { refuse(until: now + emptyFor) }
            return nil
        case .refused(let wait):
            refuse(until: now + wait)
            return wait
        case .untracked:
            return interval
        }
    }

    /// Counts one request by the token named `token`: nil within its rate; else the nanoseconds until it may send
    /// again (a token the table has no room for is refused: fail closed).
    func admitRequest(token: String, now: Int64? = nil) -> Int64? {
        guard configuration.tokenRate != nil else { return nil }
        let now = now ?? self.now()
        let (outcome, interval) = requests.withLock { ($0.take(token, now: now), $0.bucket.interval) }
        switch outcome {
        case .taken: return nil
        case .refused(let wait): return wait
        case .untracked: return interval
        }
    }

    /// Client addresses and tokens whose buckets are held (not yet refilled).
    func trackedCounts() -> (addresses: Int, tokens: Int) {
        (failures.withLock { $0.count }, requests.withLock { $0.count })
    }

    /// Raises `refusingUntil` to at least `instant`.
    private func refuse(until instant: Int64) {
        var current = refusingUntil.load(ordering: .relaxed)
        while current < instant {
            let (exchanged, original) = refusingUntil.compareExchange(
                expected: current,
                desired: instant,
                ordering: .relaxed
            )
            if exchanged { return }
            current = original
        }
    }
}

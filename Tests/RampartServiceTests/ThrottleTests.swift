import NIOCore
import RampartRules
import Testing

@testable import RampartService

/// The throttles' arithmetic (DESIGN §9): token buckets, the bounded table of them, client addresses.
@Suite struct ThrottleTests {
    static let second: Int64 = 1_000_000_000
    static let fivePerMinute = Rate(count: 5, window: TimeSpan(nanoseconds: 60 * second))

    @Test func aFullBucketGivesItsBurstThenRefusesForOneInterval() throws {
        let bucket = TokenBucket(Self.fivePerMinute)
        #expect(bucket.capacity == 5)
        #expect(bucket.interval == 12 * Self.second)
        var fullAt: Int64 = 0
        for taken in 1...5 {
            fullAt = try #require(bucket.take(fullAt: fullAt, now: 0))
            #expect(bucket.tokens(fullAt: fullAt, now: 0) == 5 - Int64(taken))
        }
        #expect(bucket.take(fullAt: fullAt, now: 0) == nil)
        #expect(bucket.wait(fullAt: fullAt, now: 0) == 12 * Self.second)
        #expect(bucket.wait(fullAt: fullAt, now: 5 * Self.second) == 7 * Self.second)
    }

    @Test func anEmptyBucketRefillsOneTokenPerIntervalUpToItsCapacity() throws {
        let bucket = TokenBucket(Self.fivePerMinute)
        var fullAt: Int64 = 0
        for _ in 1...5 { fullAt = try #require(bucket.take(fullAt: fullAt, now: 0)) }
        #expect(bucket.tokens(fullAt: fullAt, now: 12 * Self.second - 1) == 0)
        #expect(bucket.tokens(fullAt: fullAt, now: 12 * Self.second) == 1)
        #expect(bucket.tokens(fullAt: fullAt, now: 36 * Self.second) == 3)
        #expect(bucket.tokens(fullAt: fullAt, now: 60 * Self.second) == 5)
        // Idle far longer than a window: still no more than the burst.
        #expect(bucket.tokens(fullAt: fullAt, now: 3_600 * Self.second) == 5)
        var later = fullAt
        for _ in 1...5 { later = try #require(bucket.take(fullAt: later, now: 3_600 * Self.second)) }
        #expect(bucket.take(fullAt: later, now: 3_600 * Self.second) == nil)
        // One token back after one interval, not a second one.
        let refilled = try #require(bucket.take(fullAt: later, now: 3_612 * Self.second))
        #expect(bucket.take(fullAt: refilled, now: 3_612 * Self.second) == nil)
    }

    @Test(arguments: [
        (Int64(0), 1), (1, 1), (999_999_999, 1), (1_000_000_000, 1), (1_000_000_001, 2), (12_000_000_000, 12),
        (11_500_000_000, 12),
    ])
    func retryAfterIsWholeSecondsRoundedUpAndAtLeastOne(wait: Int64, seconds: Int) {
        #expect(TokenBucket.retryAfterSeconds(wait) == seconds)
    }

    @Test func aThousandPerSecondAllowsABurstOfAThousandThenOneAMillisecond() throws {
        let bucket = TokenBucket(Rate(count: 1_000, window: TimeSpan(nanoseconds: Self.second)))
        var fullAt: Int64 = 0
        for _ in 1...1_000 { fullAt = try #require(bucket.take(fullAt: fullAt, now: 0)) }
        #expect(bucket.take(fullAt: fullAt, now: 0) == nil)
        #expect(bucket.wait(fullAt: fullAt, now: 0) == 1_000_000)
        #expect(bucket.take(fullAt: fullAt, now: 1_000_000) != nil)
    }

    @Test func theTableDropsRefilledBucketsToMakeRoomAndRefusesANewKeyWhenNoneHasRefilled() {
        var table = BucketTable<String>(bucket: TokenBucket(Self.fivePerMinute), limit: 2)
        #expect(table.take("a", now: 0) == .taken(emptyFor: 0))
        #expect(table.take("b", now: 6 * Self.second) == .taken(emptyFor: 0))
        // Both buckets are still refilling: no room, so the new key is not tracked (the caller fails closed).
        #expect(table.take("c", now: 6 * Self.second) == .untracked)
        #expect(table.count == 2)
        // At 12 s "a" is full again and is dropped; "b" (full at 18 s) stays.
        #expect(table.take("c", now: 12 * Self.second) == .taken(emptyFor: 0))
        #expect(table.count == 2)
        #expect(table.tokens("b", now: 12 * Self.second) == 4)
        #expect(table.tokens("a", now: 12 * Self.second) == 5)
        // A key already held is never refused for room.
        #expect(table.take("b", now: 12 * Self.second) == .taken(emptyFor: 0))
    }

    @Test func theTableReportsWhenABucketIsEmptyAndForHowLong() {
        var table = BucketTable<String>(bucket: TokenBucket(Self.fivePerMinute), limit: 8)
        for _ in 1...4 { #expect(table.take("x", now: 0) == .taken(emptyFor: 0)) }
        #expect(table.take("x", now: 0) == .taken(emptyFor: 12 * Self.second))
        #expect(table.take("x", now: 2 * Self.second) == .refused(wait: 10 * Self.second))
        #expect(table.wait("x", now: 2 * Self.second) == 10 * Self.second)
        #expect(table.wait("unknown", now: 2 * Self.second) == 0)
    }

    @Test func anAddressThatSpendsItsBudgetIsRefusedUntilABucketTokenComesBack() {
        let throttle = AccessThrottle(ThrottleConfiguration(authFailureRate: Self.fivePerMinute, tokenRate: nil))
        let address = ClientAddress(try? SocketAddress(ipAddress: "203.0.113.7", port: 4_000))
        let neighbour = ClientAddress(try? SocketAddress(ipAddress: "203.0.113.8", port: 4_000))
        for _ in 1...5 {
            #expect(throttle.failureWait(from: address, now: 0) == nil)
            #expect(throttle.recordFailure(from: address, now: 0) == nil)
        }
        #expect(throttle.failureWait(from: address, now: 0) == 12 * Self.second)
        #expect(throttle.failureWait(from: neighbour, now: 0) == nil, "another address keeps its own budget")
        #expect(throttle.recordFailure(from: address, now: Self.second) == 11 * Self.second)
        #expect(throttle.failureWait(from: address, now: 12 * Self.second) == nil)
        #expect(throttle.recordFailure(from: address, now: 12 * Self.second) == nil)
        #expect(throttle.failureWait(from: address, now: 12 * Self.second) == 12 * Self.second)
        // Once every refusal has run out the check is one atomic load again and never reads the address.
        #expect(throttle.failureWait(from: Self.unreachable(), now: 25 * Self.second) == nil)
        #expect(throttle.failureWait(from: Self.unreachable(), now: 26 * Self.second) == nil)
    }

    @Test func aTokenOverItsRateIsRefusedAndOthersAreNot() {
        let rate = Rate(count: 3, window: TimeSpan(nanoseconds: Self.second))
        let throttle = AccessThrottle(ThrottleConfiguration(authFailureRate: nil, tokenRate: rate))
        for _ in 1...3 { #expect(throttle.admitRequest(token: "bot-a", now: 0) == nil) }
        #expect(throttle.admitRequest(token: "bot-a", now: 0) == Self.second / 3)
        #expect(throttle.admitRequest(token: "bot-b", now: 0) == nil)
        #expect(throttle.admitRequest(token: "bot-a", now: Self.second / 3) == nil)
        // Off means off: no failure is ever refused.
        for _ in 1...100 { #expect(throttle.recordFailure(from: .local, now: 0) == nil) }
        #expect(throttle.failureWait(from: .local, now: 0) == nil)
    }

    @Test func aFullTokenTableFailsClosed() {
        let rate = Rate(count: 10, window: TimeSpan(nanoseconds: Self.second))
        let throttle = AccessThrottle(
            ThrottleConfiguration(
                authFailureRate: Self.fivePerMinute,
                tokenRate: rate,
                trackedAddresses: 1,
                trackedTokens: 1
            )
        )
        #expect(throttle.admitRequest(token: "one", now: 0) == nil)
        #expect(throttle.admitRequest(token: "two", now: 0) != nil)
        #expect(throttle.recordFailure(from: .local, now: 0) == nil)
        let elsewhere = ClientAddress(try? SocketAddress(ipAddress: "198.51.100.1", port: 1))
        #expect(throttle.recordFailure(from: elsewhere, now: 0) == 12 * Self.second)
        #expect(throttle.trackedCounts() == (addresses: 1, tokens: 1))
    }

    @Test func addressesAreIPv4HostsIPv6NetworksAndOneLocalPeer() throws {
        func address(_ text: String) throws -> ClientAddress {
            ClientAddress(try SocketAddress(ipAddress: text, port: 443))
        }
        #expect(try address("203.0.113.7").description == "203.0.113.7")
        #expect(try address("203.0.113.7") == address("203.0.113.7"))
        #expect(try address("203.0.113.7") != address("203.0.113.70"))
        #expect(try address("::ffff:203.0.113.7") == address("203.0.113.7"))
        #expect(try address("2001:db8:0:1::5") == address("2001:db8:0:1:ffff::9"))
        #expect(try address("2001:db8:0:1::5") != address("2001:db8:0:2::5"))
        #expect(try address("2001:db8:0:1::5").description == "2001:db8:0:1::/64")
        #expect(ClientAddress(try SocketAddress(unixDomainSocketPath: "/tmp/rampart.sock")) == .local)
        #expect(ClientAddress(nil) == .local)
    }

    /// An address the fast path must not read.
    static func unreachable() -> ClientAddress {
        Issue.record("the address was read while no address is refused")
        return .local
    }
}

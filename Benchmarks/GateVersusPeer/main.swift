// Issue 13's side-by-side harness, Rampart's side: the NautilusTrader peer's order mix through `Gate.submit` +
// release, printed in the peer's format so the two lines sit side by side in docs/performance.md.
//
// The mix: one instrument quoted at 1.0 (bid and ask), market orders, quantities 1,000…9,000 allowed and every tenth
// 20,000 denied by max_order_notional 10,000; the shipped packs (rules/guardrails.yaml, rules/rate-limits.yaml) with
// every other limit opened wide. p50/p99 from 20,000 individually timed calls, the timer included (as the peer
// times); throughput from an untimed run. A `FLOOR=timer` line gives the p50 of an empty call timed the same way.
// Run from the package root:
//   RAMPART_BENCHMARKS=1 swift run -c release GateVersusPeer [decisions]

import RampartConfig
import RampartRules
import RampartSystem

let untimed = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 1_000_000 : 1_000_000
let timed = 20_000

let profileText = """
    profile: peer
    description: NautilusTrader peer mix - max_order_notional 10,000, everything else opened wide
    rules: [guardrails, rate-limits]
    flags:
      trading: true
    account:
      currency: USD
      starting_balance: 1000000000
    limits:
      max_order_quantity: 1000000000
      max_order_notional: 10000
      price_collar: 50%
      max_position_notional: 1000000000000
      max_gross_exposure: 1000000000000
      max_open_trades: 1000000
      max_daily_loss: 100%
      max_drawdown: 100%
      loss_streak: { losses: 1000000, cooldown: 1ms }
      symbols: { allow: ["*/USD"] }
    rate_limits:
      orders: 100000/1ms
      trades: 100000/1ms
      duplicate_window: 1ms
    market_data:
      max_age: 30d
    """

/// Writes the harness profile into a scratch directory and compiles it with the repository's rule packs.
func compileProfile() throws -> CompiledProfile {
    let directory = "/tmp/rampart-peer-\(WallClock.nanosecondsSinceEpoch())"
    guard mkdir(directory, 0o700) == 0, FileContents.write(Array(profileText.utf8), toPath: directory + "/peer.yaml")
    else { throw HarnessError("cannot write the harness profile under \(directory)") }
    defer {
        unlink(directory + "/peer.yaml")
        rmdir(directory)
    }
    return try ProfileLoader(rulesDirectory: "rules", profilesDirectory: directory).compile("peer")
}

/// Why the harness could not start.
struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Nanoseconds on the monotonic clock.
@inline(__always) func monotonicNanoseconds() -> Int64 {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
}

/// A clock that moves 1 ms per decision (rate windows and the duplicate window slide as in a live feed).
final class StepClock: @unchecked Sendable {
    var now: Int64 = 1_767_600_000_000_000_000
    func tick() -> Timestamp {
        now &+= 1_000_000
        return Timestamp(nanoseconds: now)
    }
}

let profile: CompiledProfile
do {
    profile = try compileProfile()
} catch {
    print("GateVersusPeer: \(error)")
    exit(1)
}
let clock = StepClock()
let gate = Gate(profile: profile, clock: { clock.tick() })
let one = FixedDecimal(1)
gate.updateQuotes([("ASSET/USD", Quote(bid: one, ask: one, time: Timestamp(nanoseconds: clock.now)))])
let orders: [Order] = (0..<10).map { index in
    Order(
        bot: "peer",
        symbol: "ASSET/USD",
        side: .buy,
        type: .market,
        quantity: FixedDecimal(index == 9 ? 20_000 : (index % 9 + 1) * 1_000)
    )
}

@inline(never) func decide(_ index: Int) -> Bool {
    let (decision, permit) = gate.submit(orders[index % 10])
    if let permit { try? gate.release(permit) }
    return decision.allowed
}

// Warm up (programs, positions), then the timed calls, then throughput.
var denied = 0
for index in 0..<timed { _ = decide(index) }
var samples = [Int64](repeating: 0, count: timed)
denied = 0
for index in 0..<timed {
    let start = monotonicNanoseconds()
    if !decide(index) { denied += 1 }
    samples[index] = monotonicNanoseconds() - start
}
samples.sort()
let started = monotonicNanoseconds()
var deniedUntimed = 0
for index in 0..<untimed where !decide(index) { deniedUntimed += 1 }
let elapsed = monotonicNanoseconds() - started
/// Microseconds to the nanosecond (three decimals): two would truncate a 0.169 µs p50 to 0.16.
func microseconds(_ nanoseconds: Int64) -> String {
    let whole = nanoseconds / 1_000
    let fraction = String(nanoseconds % 1_000)
    return "\(whole)." + String(repeating: "0", count: 3 - fraction.count) + fraction
}
let perSecond = Int64(untimed) * 1_000_000_000 / max(elapsed, 1)

/// An empty call timed as the decisions are: the part of each p50 that is the timer and the call itself.
@inline(never) func nothing(_ index: Int) -> Bool { index & 1 == 0 }
var floorSamples = [Int64](repeating: 0, count: timed)
var evenCalls = 0
for index in 0..<timed {
    let start = monotonicNanoseconds()
    if nothing(index) { evenCalls += 1 }
    floorSamples[index] = monotonicNanoseconds() - start
}
// Using each answer keeps the calls from being optimized away.
precondition(evenCalls == (timed + 1) / 2, "the empty calls did not all run")
floorSamples.sort()
print(
    "FLOOR=timer n=\(timed) p50_us=\(microseconds(floorSamples[timed / 2])) "
        + "p99_us=\(microseconds(floorSamples[timed * 99 / 100]))"
)
print(
    "PEER=rampart_gate n=\(untimed) decisions_per_s=\(perSecond) p50_us=\(microseconds(samples[timed / 2])) "
        + "p99_us=\(microseconds(samples[timed * 99 / 100])) denied=\(deniedUntimed)"
)

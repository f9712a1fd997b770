import Benchmark
import RampartRules

/// Decisions against a ~30-rule profile with state for 100 bots × 50 symbols (issue 2's benchmark).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident],
        warmupIterations: 1_000,
        maxDuration: .seconds(5),
        maxIterations: 2_000_000
    )

    Benchmark(
        "gate.submit+release (one decision per iteration)",
        configuration: .init(thresholds: [.mallocCountTotal: .init(absolute: [.p99: 0])])
    ) { benchmark, fixture in
        for _ in benchmark.scaledIterations { blackHole(fixture.decideAndRelease()) }
    } setup: {
        try BenchmarkFixture()
    }

    Benchmark(
        "gate.submit+release x1000 (throughput)",
        configuration: .init(scalingFactor: .kilo, thresholds: [.mallocCountTotal: .init(absolute: [.p99: 0])])
    ) { benchmark, fixture in
        for _ in benchmark.scaledIterations { blackHole(fixture.decideAndRelease()) }
    } setup: {
        try BenchmarkFixture()
    }

    Benchmark(
        "profile.evaluate x1000 (what-if decision, no lock, no reservation)",
        configuration: .init(scalingFactor: .kilo, thresholds: [.mallocCountTotal: .init(absolute: [.p99: 0])])
    ) { benchmark, fixture in
        for _ in benchmark.scaledIterations { blackHole(fixture.evaluate()) }
    } setup: {
        try BenchmarkFixture()
    }

    Benchmark(
        "gate.submit denied by 1 rule + 2 warnings x1000",
        configuration: .init(scalingFactor: .kilo, thresholds: [.mallocCountTotal: .init(absolute: [.p99: 0])])
    ) { benchmark, fixture in
        for _ in benchmark.scaledIterations { blackHole(fixture.deny()) }
    } setup: {
        try BenchmarkFixture()
    }

    Benchmark(
        "gate.submit denied by 1 rule + 2 warnings (one decision per iteration)",
        configuration: .init(thresholds: [.mallocCountTotal: .init(absolute: [.p99: 0])])
    ) { benchmark, fixture in
        for _ in benchmark.scaledIterations { blackHole(fixture.deny()) }
    } setup: {
        try BenchmarkFixture()
    }
}

/// A gate with 5,000 open positions (100 bots × 50 symbols) and a rotating set of orders for them.
final class BenchmarkFixture: @unchecked Sendable {
    let gate: Gate
    let profile: CompiledProfile
    let state: RiskState
    let orders: [Order]
    let oversized: [Order]
    var next = 0
    var time: Int64

    init() throws {
        let start = Timestamp(iso8601: "2026-01-05T00:00:00Z")!
        time = start.nanoseconds
        let profile = try BenchmarkProfile.compile()
        let clockBox = ClockBox(start)
        gate = Gate(profile: profile, clock: { clockBox.tick() })
        var orders: [Order] = []
        var oversized: [Order] = []
        for symbol in 0..<50 {
            for bot in 0..<100 {
                let order = Order(
                    bot: "bot-\(bot)",
                    account: "acct-\(bot % 10)",
                    symbol: "S\(symbol)/USDT",
                    side: .buy,
                    type: .limit,
                    quantity: FixedDecimal(units: 10_000_000),  // 0.1
                    price: FixedDecimal(100),
                    referencePrice: FixedDecimal(100)
                )
                // Open every position once, so each decision sees a held position and a warm program cache.
                let (decision, permit) = gate.submit(order)
                guard decision.allowed, let permit else { throw BenchmarkSetupError(decision.violations.description) }
                try gate.commit(permit, fill: Fill(quantity: order.quantity, price: FixedDecimal(100)))
                orders.append(order)
                var big = order
                big.quantity = FixedDecimal(6)  // over max_order_quantity (deny) and two shadow rules (warn)
                oversized.append(big)
            }
        }
        // Consecutive decisions touch different bots (the list is symbol-major), as concurrent bots would.
        self.orders = orders
        self.oversized = oversized
        self.profile = profile
        self.state = gate.snapshot()
        self.time = clockBox.tick().nanoseconds
    }

    @inline(__always) func decideAndRelease() -> Bool {
        let order = orders[next]
        next = next + 1 == orders.count ? 0 : next + 1
        let (decision, permit) = gate.submit(order)
        if let permit { try? gate.release(permit) }
        return decision.allowed
    }

    @inline(__always) func evaluate() -> Bool {
        let order = orders[next]
        next = next + 1 == orders.count ? 0 : next + 1
        time &+= 100_000_000
        return profile.evaluate(order, in: state, at: Timestamp(nanoseconds: time)).allowed
    }

    @inline(__always) func deny() -> Bool {
        let order = oversized[next]
        next = next + 1 == oversized.count ? 0 : next + 1
        return gate.submit(order).decision.allowed
    }
}

/// A clock that moves 100 ms per decision, so rate windows slide as they would in production.
final class ClockBox: @unchecked Sendable {
    private var now: Int64
    init(_ start: Timestamp) { now = start.nanoseconds }
    func tick() -> Timestamp {
        now &+= 100_000_000
        return Timestamp(nanoseconds: now)
    }
}

struct BenchmarkSetupError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

import Benchmark
import BenchmarkSupport
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
        "gate.submit+release market-priced (quote per symbol) x1000",
        configuration: .init(scalingFactor: .kilo, thresholds: [.mallocCountTotal: .init(absolute: [.p99: 0])])
    ) { benchmark, fixture in
        for _ in benchmark.scaledIterations { blackHole(fixture.decideAndRelease()) }
    } setup: {
        try BenchmarkFixture(quoted: true)
    }

    Benchmark(
        "profile.evaluate x1000 (what-if decision, no lock, no reservation)",
        configuration: .init(scalingFactor: .kilo, thresholds: [.mallocCountTotal: .init(absolute: [.p99: 0])])
    ) { benchmark, fixture in
        for _ in benchmark.scaledIterations { blackHole(fixture.evaluate()) }
    } setup: {
        try BenchmarkFixture()
    }

    Benchmark("gate.check for a bot the gate has never seen, beside 5,000 positions") { benchmark, fixture in
        for _ in benchmark.scaledIterations { blackHole(fixture.checkNewBot()) }
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

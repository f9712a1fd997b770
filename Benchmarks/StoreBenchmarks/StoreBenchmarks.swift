import Benchmark
import Foundation
import RampartRules
import RampartStore

/// Durable gate throughput (decide + journal + paper fill) with 64 concurrent submitters, DB under /tmp (issue 4).
///
/// Paper fills are simulated: each permitted order fills immediately at its price with a 0.1% fee.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput],
        warmupIterations: 1,
        maxDuration: .seconds(20),
        maxIterations: 10
    )

    Benchmark(
        "durable gate: 64 submitters x 100 orders (submit + journal + paper fill)",
        configuration: .init(scalingFactor: .kilo)
    ) { benchmark in
        let fixture = try StoreFixture()
        benchmark.startMeasurement()
        try await fixture.run(submitters: 64, ordersEach: benchmark.scaledIterations.count / 64 + 1)
        benchmark.stopMeasurement()
    }
}

/// A fresh store in a temporary directory and a durable gate over a roomy profile.
final class StoreFixture: Sendable {
    let gate: DurableGate
    let directory: String

    init() throws {
        directory = NSTemporaryDirectory() + "rampart-store-bench-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = try Store(path: directory + "/journal.sqlite")
        gate = try DurableGate.open(
            store: store,
            profile: try Self.profile(),
            clock: Timestamp.now
        )
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    func run(submitters: Int, ordersEach: Int) async throws {
        let gate = self.gate
        try await withThrowingTaskGroup(of: Void.self) { group in
            for submitter in 0..<submitters {
                group.addTask {
                    let price = FixedDecimal(100)
                    let quantity = FixedDecimal(units: 1_000_000)
                    let fee = try quantity.multiplied(by: price).multiplied(by: FixedDecimal(units: 100_000))
                    for index in 0..<ordersEach {
                        let order = Order(
                            bot: "bench-\(submitter)",
                            symbol: "S\(index % 10)/USDT",
                            side: index % 20 < 10 ? .buy : .sell,
                            quantity: quantity,
                            price: price,
                            referencePrice: price
                        )
                        let result = await gate.submit(order)
                        if let permit = result.permit {
                            try await gate.commit(permit, fill: Fill(quantity: quantity, price: price, fee: fee))
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    static func profile() throws -> CompiledProfile {
        let here = SourceLocation(file: "bench.yaml", line: 1, column: 1)
        let values: [ParameterKey: ParameterValue] = [
            .trading: .bool(true), .liveTrading: .bool(false),
            .maxOrderQuantity: .decimal(FixedDecimal(5)), .maxOrderNotional: .decimal(FixedDecimal(1000)),
            .maxPositionNotional: .decimal(FixedDecimal(1_000_000)),
            .maxGrossExposure: .decimal(FixedDecimal(100_000_000)),
            .maxOpenTrades: .integer(1000),
            .orderRates: .rates([Rate(count: 1_000_000, window: TimeSpan(nanoseconds: 60_000_000_000))]),
        ]
        let checks: [CheckKind] = [
            .tradingFlag, .tradingState, .maxOrderQuantity, .maxOrderNotional, .maxPositionNotional, .maxGrossExposure,
            .maxOpenTrades, .orderRate, .liveFlag,
        ]
        let rules = checks.enumerated().map { offset, check in
            RuleSpec(
                id: check.rawValue,
                check: check,
                action: .deny,
                location: SourceLocation(file: "bench.yaml", line: offset + 2, column: 1)
            )
        }
        var parameters: [ParameterKey: Sourced<ParameterValue>] = [:]
        for (key, value) in values { parameters[key] = Sourced(value, at: here) }
        let spec = ProfileSpec(
            name: "bench",
            location: here,
            packs: [Sourced("bench", at: here)],
            parameters: parameters,
            startingBalance: Sourced(FixedDecimal(10_000_000), at: here),
            overrides: [],
            contentHash: "bench"
        )
        return try ProfileCompiler.compile(
            spec,
            packs: ["bench": RulePackSpec(name: "bench", rules: rules, location: here)]
        )
    }
}

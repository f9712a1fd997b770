import RampartRules

/// The crash test's profile, built in code: roomy limits so most orders pass, a few rules that deny.
enum CrashProfile {
    /// The crash profile; `paperRates` puts the shipped paper profile's rate limits in (30/1m and 500/1h orders,
    /// 50 entries a day) instead of its roomy 100,000/1m, for memory figures a real deployment would see.
    static func compile(paperRates: Bool = false) throws -> CompiledProfile {
        let here = SourceLocation(file: "crash.yaml", line: 1, column: 1)
        var values: [ParameterKey: ParameterValue] = [
            .trading: .bool(true),
            .liveTrading: .bool(false),
            .maxOrderQuantity: .decimal(FixedDecimal(5)),
            .maxOrderNotional: .decimal(FixedDecimal(1000)),
            .maxPositionNotional: .decimal(FixedDecimal(5000)),
            .maxGrossExposure: .decimal(FixedDecimal(100_000)),
            .maxOpenTrades: .integer(50),
            .orderRates: .rates([Rate(count: 100_000, window: TimeSpan(nanoseconds: 60_000_000_000))]),
        ]
        if paperRates {
            values[.orderRates] = .rates([
                Rate(count: 30, window: TimeSpan(nanoseconds: 60_000_000_000)),
                Rate(count: 500, window: TimeSpan(nanoseconds: 3_600_000_000_000)),
            ])
            values[.tradeRates] = .rates([Rate(count: 50, window: TimeSpan(nanoseconds: 86_400_000_000_000))])
        }
        let checks: [CheckKind] =
            [
                .tradingFlag, .tradingState, .maxOrderQuantity, .maxOrderNotional, .maxPositionNotional,
                .maxGrossExposure, .maxOpenTrades, .orderRate, .liveFlag,
            ] + (paperRates ? [.tradeRate] : [])
        let rules = checks.enumerated().map { offset, check in
            RuleSpec(
                id: check.rawValue.replacing("_", with: "-"),
                check: check,
                action: .deny,
                location: SourceLocation(file: "crash.yaml", line: offset + 2, column: 1)
            )
        }
        var parameters: [ParameterKey: Sourced<ParameterValue>] = [:]
        for (key, value) in values { parameters[key] = Sourced(value, at: here) }
        let spec = ProfileSpec(
            name: "crash",
            location: here,
            packs: [Sourced("crash", at: here)],
            parameters: parameters,
            startingBalance: Sourced(FixedDecimal(10_000), at: here),
            overrides: [],
            contentHash: "crash-test-profile"
        )
        return try ProfileCompiler.compile(
            spec,
            packs: ["crash": RulePackSpec(name: "crash", rules: rules, location: here)]
        )
    }
}

extension SplitMix64 {
    /// A value in `0..<bound` (bound > 0).
    mutating func below(_ bound: Int) -> Int { Int(next(below: UInt64(bound))) }
}

import RampartReplay
import RampartRules

/// Builds compiled profiles in code for replay tests (a copy of the engine tests' `TestProfile`, trimmed).
enum ReplayProfile {
    static let here = SourceLocation(file: "test.yaml", line: 1, column: 1)

    /// The seed limits of `profiles/base.yaml`, as parameters.
    static func seedParameters() -> [ParameterKey: ParameterValue] {
        [
            .trading: .bool(true),
            .liveTrading: .bool(false),
            .maxOrderQuantity: .decimal(dec("5")),
            .maxOrderNotional: .decimal(dec("1000")),
            .priceCollar: .percent(Percent(dec("2"))),
            .maxPositionNotional: .decimal(dec("5000")),
            .maxGrossExposure: .decimal(dec("20000")),
            .maxOpenTrades: .integer(5),
            .maxDailyLoss: .percent(Percent(dec("5"))),
            .maxDrawdown: .percent(Percent(dec("15"))),
            .lossStreak: .lossStreak(LossStreak(losses: 3, cooldown: TimeSpan(nanoseconds: 2 * 3_600_000_000_000))),
            .symbols: .symbols(SymbolFilter(deny: [Glob("LUNA/*")!], allow: [Glob("*/USDT")!, Glob("*/BTC")!])),
            .orderRates: .rates([Rate(count: 30, window: minutes(1)), Rate(count: 500, window: minutes(60))]),
            .tradeRates: .rates([Rate(count: 50, window: minutes(24 * 60))]),
            .duplicateWindow: .duration(TimeSpan(nanoseconds: 2_000_000_000)),
        ]
    }

    static func minutes(_ count: Int64) -> TimeSpan { TimeSpan(nanoseconds: count * 60_000_000_000) }

    /// The checks of the seed packs, in order.
    static let seedChecks: [CheckKind] = [
        .tradingFlag, .tradingState, .maxOrderQuantity, .maxOrderNotional, .priceCollar, .maxPositionNotional,
        .maxGrossExposure, .maxOpenTrades, .maxDailyLoss, .maxDrawdown, .lossStreak, .symbols, .orderRate,
        .tradeRate, .duplicateOrder, .liveFlag, .liveEligibility,
    ]

    /// Compiles a profile with one rule per check in `checks` (ids: the check name with dashes), parameters from
    /// the seed values with `changes` applied.
    static func compile(
        name: String = "test",
        checks: [CheckKind] = seedChecks,
        _ changes: [ParameterKey: ParameterValue] = [:],
        actions: [CheckKind: ViolationAction] = [:],
        currency: String? = nil,
        startingBalance: String? = "10000",
        eligibility: EligibilityThresholds? = nil
    ) throws -> CompiledProfile {
        var values = seedParameters()
        for (key, value) in changes { values[key] = value }
        var parameters: [ParameterKey: Sourced<ParameterValue>] = [:]
        for (key, value) in values { parameters[key] = Sourced(value, at: here) }
        let defaults: [CheckKind: ViolationAction] = [.maxDailyLoss: .reduceOnlyBot, .maxDrawdown: .haltAccount]
        let rules = checks.enumerated().map { offset, check in
            RuleSpec(
                id: check.rawValue.replacing("_", with: "-"),
                check: check,
                action: actions[check] ?? defaults[check] ?? .deny,
                location: SourceLocation(file: "rules/test.yaml", line: offset + 2, column: 5)
            )
        }
        let spec = ProfileSpec(
            name: name,
            location: here,
            packs: [Sourced("test", at: here)],
            parameters: parameters,
            currency: currency.map { Sourced($0, at: here) },
            startingBalance: startingBalance.map { Sourced(dec($0), at: here) },
            eligibility: eligibility,
            contentHash: "\(name)-hash"
        )
        return try ProfileCompiler.compile(
            spec,
            packs: ["test": RulePackSpec(name: "test", rules: rules, location: here)]
        )
    }

    /// The profile of `Scripts/expected-dry-run.py`: only `max_open_trades` and a symbol deny list.
    static func openTradesAndDenyList(
        maxOpenTrades: Int = 1,
        deny: [String] = ["ETH/BTC", "XMR/BTC"],
        name: String = "freqtrade-test",
        eligibility: EligibilityThresholds? = nil
    ) throws -> CompiledProfile {
        try compile(
            name: name,
            checks: [.tradingFlag, .tradingState, .maxOpenTrades, .symbols],
            [
                .maxOpenTrades: .integer(maxOpenTrades),
                .symbols: .symbols(SymbolFilter(deny: deny.map { Glob($0)! }, allow: nil)),
            ],
            currency: "BTC",
            startingBalance: nil,
            eligibility: eligibility
        )
    }
}

/// An exact decimal from text; tests only.
func dec(_ text: String) -> FixedDecimal { try! FixedDecimal(exactly: text) }

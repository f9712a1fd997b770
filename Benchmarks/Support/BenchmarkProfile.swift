import RampartRules

/// The seed profile's limits plus shadow (`warn`) rules and extra windows: 30 rules, 3 overrides.
enum BenchmarkProfile {
    static let here = SourceLocation(file: "benchmark", line: 1, column: 1)

    static func decimal(_ text: String) -> FixedDecimal { (try? FixedDecimal(exactly: text)) ?? .zero }
    static func percent(_ text: String) -> ParameterValue { .percent(Percent(decimal(text))) }
    static func span(seconds: Int64) -> TimeSpan { TimeSpan(nanoseconds: seconds * 1_000_000_000) }

    /// `quoted`: the market-data rules too (`stale_price`, `reference_price`), with a `max_age` long enough that
    /// the fixture's quotes stay fresh for a whole run (its clock moves 100 ms per decision).
    static func compile(quoted: Bool = false) throws -> CompiledProfile {
        let here = Self.here
        var values: [ParameterKey: ParameterValue] = [
            .trading: .bool(true),
            .liveTrading: .bool(false),
            .maxOrderQuantity: .decimal(decimal("5")),
            .maxOrderNotional: .decimal(decimal("1000")),
            .priceCollar: percent("2"),
            .maxPositionNotional: .decimal(decimal("5000")),
            .maxGrossExposure: .decimal(decimal("1000000")),
            .maxOpenTrades: .integer(60),
            .maxDailyLoss: percent("5"),
            .maxDrawdown: percent("15"),
            .lossStreak: .lossStreak(LossStreak(losses: 3, cooldown: span(seconds: 7200))),
            .symbols: .symbols(SymbolFilter(deny: [Glob("LUNA/*")!], allow: [Glob("*/USDT")!, Glob("*/BTC")!])),
            .orderRates: .rates([
                Rate(count: 30, window: span(seconds: 60)), Rate(count: 500, window: span(seconds: 3600)),
            ]),
            .tradeRates: .rates([Rate(count: 100, window: span(seconds: 86_400))]),
            .duplicateWindow: .duration(span(seconds: 2)),
        ]
        if quoted { values[.marketMaxAge] = .duration(span(seconds: 30 * 86_400)) }
        var parameters: [ParameterKey: Sourced<ParameterValue>] = [:]
        for (key, value) in values { parameters[key] = Sourced(value, at: here) }
        var rules: [RuleSpec] = []
        func rule(_ id: String, _ check: CheckKind, _ action: ViolationAction = .deny, limit: ParameterValue? = nil) {
            rules.append(
                RuleSpec(id: id, check: check, action: action, limit: limit.map(LimitBinding.literal), location: here)
            )
        }
        rule("trading-switch", .tradingFlag)
        rule("emergency-stop", .tradingState)
        rule("order-quantity", .maxOrderQuantity)
        rule("order-notional", .maxOrderNotional)
        rule("price-collar", .priceCollar)
        rule("position-notional", .maxPositionNotional)
        rule("gross-exposure", .maxGrossExposure)
        rule("open-trades", .maxOpenTrades)
        rule("daily-loss-breaker", .maxDailyLoss, .reduceOnlyBot)
        rule("drawdown-halt", .maxDrawdown, .haltAccount)
        rule("loss-streak", .lossStreak)
        rule("symbol-list", .symbols)
        rule("order-rate", .orderRate)
        rule("trade-rate", .tradeRate)
        rule("duplicate-order", .duplicateOrder)
        rule("live-switch", .liveFlag)
        rule("live-promotion", .liveEligibility)
        // Shadow rules: ops trying tighter limits before enforcing them.
        rule("order-notional-soft", .maxOrderNotional, .warn, limit: .decimal(decimal("800")))
        rule("order-quantity-soft", .maxOrderQuantity, .warn, limit: .decimal(decimal("4")))
        rule("position-soft", .maxPositionNotional, .warn, limit: .decimal(decimal("4000")))
        rule("collar-soft", .priceCollar, .warn, limit: percent("1"))
        rule("daily-loss-soft", .maxDailyLoss, .warn, limit: percent("3"))
        rule("drawdown-soft", .maxDrawdown, .warn, limit: percent("10"))
        rule(
            "streak-soft",
            .lossStreak,
            .warn,
            limit: .lossStreak(LossStreak(losses: 2, cooldown: span(seconds: 3600)))
        )
        rule("order-rate-burst", .orderRate, limit: .rates([Rate(count: 10, window: span(seconds: 1))]))
        rule("trade-rate-hourly", .tradeRate, limit: .rates([Rate(count: 100, window: span(seconds: 3600))]))
        rule("order-notional-cap", .maxOrderNotional, limit: .decimal(decimal("2000")))
        rule("quantity-cap", .maxOrderQuantity, limit: .decimal(decimal("10")))
        rule("exposure-soft", .maxGrossExposure, .warn, limit: .decimal(decimal("900000")))
        if quoted {
            rule("stale-price", .stalePrice)
            rule("reference-price", .referencePrice)
        }

        let spec = ProfileSpec(
            name: "benchmark",
            location: here,
            packs: [Sourced("benchmark", at: here)],
            parameters: parameters,
            // The fixture's bots trade in ten accounts, acct-0 … acct-9 (DESIGN §8: accounts are declared).
            accounts: (0..<10).map {
                AccountSpec(name: "acct-\($0)", startingBalance: decimal("1000000"), location: here)
            },
            startingBalance: Sourced(decimal("1000000"), at: here),
            overrides: [
                OverrideSpec(
                    bot: Glob("scalper-*"),
                    parameters: [.maxOpenTrades: Sourced(.integer(10), at: here)],
                    location: here
                ),
                OverrideSpec(
                    symbol: Glob("DOGE/*"),
                    parameters: [.maxOrderNotional: Sourced(.decimal(decimal("100")), at: here)],
                    location: here
                ),
                OverrideSpec(
                    bot: Glob("bot-9*"),
                    parameters: [.maxOrderQuantity: Sourced(.decimal(decimal("3")), at: here)],
                    location: here
                ),
            ],
            contentHash: "benchmark"
        )
        let pack = RulePackSpec(name: "benchmark", rules: rules, location: here)
        return try ProfileCompiler.compile(spec, packs: ["benchmark": pack])
    }
}

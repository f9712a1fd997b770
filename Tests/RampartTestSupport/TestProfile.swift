public import RampartRules
import Synchronization

// Helpers every test target shares: a profile built in code with the seed limits, a hand-moved clock, exact
// decimals from text and shorthand orders. Never linked into the product.

/// Builds compiled profiles in code, so the engine's tests do not depend on the YAML loader.
public enum TestProfile {
    public static let here = SourceLocation(file: "test.yaml", line: 1, column: 1)

    /// The seed limits of `profiles/base.yaml`, as parameters.
    public static func seedParameters() -> [ParameterKey: ParameterValue] {
        [
            .trading: .bool(true),
            .liveTrading: .bool(false),
            .maxOrderQuantity: .decimal(d("5")),
            .maxOrderNotional: .decimal(d("1000")),
            .priceCollar: .percent(Percent(d("2"))),
            .maxPositionNotional: .decimal(d("5000")),
            .maxGrossExposure: .decimal(d("20000")),
            .maxOpenTrades: .integer(5),
            .maxDailyLoss: .percent(Percent(d("5"))),
            .maxDrawdown: .percent(Percent(d("15"))),
            .lossStreak: .lossStreak(LossStreak(losses: 3, cooldown: .hours(2))),
            .symbols: .symbols(SymbolFilter(deny: [Glob("LUNA/*")!], allow: [Glob("*/USDT")!, Glob("*/BTC")!])),
            .orderRates: .rates([Rate(count: 30, window: .minutes(1)), Rate(count: 500, window: .hours(1))]),
            .tradeRates: .rates([Rate(count: 50, window: .days(1))]),
            .duplicateWindow: .duration(.seconds(2)),
        ]
    }

    /// One rule per check, in the order of the seed packs.
    public static func seedRules(actions: [CheckKind: ViolationAction] = [:]) -> [RuleSpec] {
        let checks: [CheckKind] = [
            .tradingFlag, .tradingState, .maxOrderQuantity, .maxOrderNotional, .priceCollar, .stalePrice,
            .referencePrice, .maxPositionNotional,
            .maxGrossExposure, .maxOpenTrades, .maxDailyLoss, .maxDrawdown, .lossStreak, .symbols, .orderRate,
            .tradeRate, .duplicateOrder, .liveFlag, .liveEligibility,
        ]
        let defaults: [CheckKind: ViolationAction] = [.maxDailyLoss: .reduceOnlyBot, .maxDrawdown: .haltAccount]
        return checks.enumerated().map { offset, check in
            RuleSpec(
                id: check.rawValue.replacing("_", with: "-"),
                check: check,
                action: actions[check] ?? defaults[check] ?? .deny,
                location: SourceLocation(file: "rules/test.yaml", line: offset + 2, column: 5)
            )
        }
    }

    /// Compiles a profile from parameters (seed values unless replaced) and rules (seed rules unless given).
    public static func compile(
        _ changes: [ParameterKey: ParameterValue?] = [:],
        rules: [RuleSpec]? = nil,
        actions: [CheckKind: ViolationAction] = [:],
        overrides: [OverrideSpec] = [],
        startingBalance: String = "10000",
        paper: PaperSettings? = nil,
        accountType: AccountType? = nil
    ) throws -> CompiledProfile {
        var values = seedParameters()
        var dropped: Set<ParameterKey> = []
        for (key, value) in changes {
            values[key] = value
            if value == nil { dropped.insert(key) }
        }
        // Dropping a parameter drops the seed rules that read it, unless the test gives its own rules.
        let rules =
            rules
            ?? seedRules(actions: actions).filter { rule in
                guard case .parameter(let key)? = rule.limit else { return true }
                return !dropped.contains(key)
            }
        var parameters: [ParameterKey: Sourced<ParameterValue>] = [:]
        for (key, value) in values { parameters[key] = Sourced(value, at: here) }
        let spec = ProfileSpec(
            name: "test",
            location: here,
            packs: [Sourced("test", at: here)],
            parameters: parameters,
            accountType: accountType.map { Sourced($0, at: here) },
            startingBalance: Sourced(d(startingBalance), at: here),
            paper: paper,
            overrides: overrides,
            contentHash: "test-hash"
        )
        let pack = RulePackSpec(name: "test", rules: rules, location: here)
        return try ProfileCompiler.compile(spec, packs: ["test": pack])
    }
}

extension TestProfile {
    /// The seed profile (with `changes`) declaring two accounts: `main` (20,000) and `hedge` (5,000).
    public static func compileMainAndHedge(_ changes: [ParameterKey: ParameterValue?] = [:]) throws -> CompiledProfile {
        var spec = try compile(changes).spec
        spec.accounts = [
            AccountSpec(name: "main", startingBalance: d("20000"), location: here),
            AccountSpec(name: "hedge", startingBalance: d("5000"), location: here),
        ]
        return try ProfileCompiler.compile(
            spec,
            packs: ["test": RulePackSpec(name: "test", rules: seedRules(), location: here)]
        )
    }
}

extension PaperSettings {
    /// A paper executor that fills at the reference price: no slippage, no rejections, 0.1% fee.
    public static let exact = PaperSettings(
        slippageLow: Percent(.zero),
        slippageHigh: Percent(.zero),
        rejectRate: Percent(.zero),
        fee: Percent(d("0.1")),
        seed: 1
    )
}

/// A clock the test moves by hand.
public final class ManualClock: Sendable {
    private let current: Mutex<Timestamp>

    /// A clock at `start`.
    public init(_ start: Timestamp = TestTime.start) { current = Mutex(start) }

    /// The time now.
    public var now: Timestamp { current.withLock { $0 } }

    /// Jumps to `time`.
    public func set(_ time: Timestamp) { current.withLock { $0 = time } }

    /// Moves on by `span`.
    public func advance(_ span: TimeSpan) {
        current.withLock { $0 = Timestamp(nanoseconds: $0.nanoseconds + span.nanoseconds) }
    }

    /// The clock as the gate takes it.
    public var function: @Sendable () -> Timestamp { { self.now } }
}

/// Fixed test times.
public enum TestTime {
    /// 2026-01-05T09:30:00Z.
    public static let start = Timestamp(iso8601: "2026-01-05T09:30:00Z")!
}

/// An exact decimal from text; tests only.
public func d(_ text: String) -> FixedDecimal { try! FixedDecimal(exactly: text) }

/// Readable spans in tests.
extension TimeSpan {
    public static func seconds(_ value: Int64) -> TimeSpan { TimeSpan(nanoseconds: value * 1_000_000_000) }
    public static func minutes(_ value: Int64) -> TimeSpan { .seconds(value * 60) }
    public static func hours(_ value: Int64) -> TimeSpan { .minutes(value * 60) }
    public static func days(_ value: Int64) -> TimeSpan { .hours(value * 24) }
}

/// Shorthand orders for tests.
public func order(
    _ side: Side,
    _ quantity: String,
    at price: String,
    symbol: String = "BTC/USDT",
    bot: String = "bot-1",
    type: OrderType = .limit,
    reference: String? = nil,
    mode: TradingMode = .paper,
    id: String? = nil
) -> Order {
    Order(
        bot: bot,
        symbol: symbol,
        side: side,
        type: type,
        quantity: d(quantity),
        price: type == .limit ? d(price) : nil,
        referencePrice: d(reference ?? price),
        mode: mode,
        clientOrderID: id
    )
}

extension Gate {
    /// Submits and, when allowed, fills the whole order at its price with `fee`.
    @discardableResult
    public func fill(_ order: Order, fee: String = "0") throws -> Decision {
        let (decision, permit) = submit(order)
        if let permit {
            try commit(permit, fill: Fill(quantity: order.quantity, price: order.valuationPrice!, fee: d(fee)))
        }
        return decision
    }
}

extension Decision {
    /// Ids of the rules that denied the order.
    public var deniedBy: [String] { violations.map(\.rule) }
}

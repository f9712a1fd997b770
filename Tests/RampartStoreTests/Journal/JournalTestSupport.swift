import Foundation
import RampartRules
import Synchronization
@testable import RampartStore

/// Builds compiled profiles in code (a trimmed copy of `RampartRulesTests/Support/TestProfile.swift`).
enum TestProfile {
    static let here = SourceLocation(file: "test.yaml", line: 1, column: 1)

    static func seedParameters() -> [ParameterKey: ParameterValue] {
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
            .symbols: .symbols(SymbolFilter(deny: [Glob("LUNA/*")!], allow: [Glob("*/USDT")!, Glob("*/BTC")!])),
            .orderRates: .rates([Rate(count: 30, window: .minutes(1))]),
            .tradeRates: .rates([Rate(count: 50, window: .days(1))]),
            .duplicateWindow: .duration(.seconds(2)),
        ]
    }

    static func compile(_ changes: [ParameterKey: ParameterValue] = [:], actions: [CheckKind: ViolationAction] = [:]) throws
        -> CompiledProfile
    {
        var values = seedParameters()
        for (key, value) in changes { values[key] = value }
        let checks: [CheckKind] = [
            .tradingFlag, .tradingState, .maxOrderQuantity, .maxOrderNotional, .priceCollar, .maxPositionNotional,
            .maxGrossExposure, .maxOpenTrades, .maxDailyLoss, .maxDrawdown, .symbols, .orderRate, .tradeRate,
            .duplicateOrder, .liveFlag, .liveEligibility,
        ]
        let rules = checks.enumerated().map { offset, check in
            RuleSpec(
                id: check.rawValue.replacing("_", with: "-"),
                check: check,
                action: actions[check] ?? .deny,
                location: SourceLocation(file: "rules/test.yaml", line: offset + 2, column: 5)
            )
        }
        var parameters: [ParameterKey: Sourced<ParameterValue>] = [:]
        for (key, value) in values { parameters[key] = Sourced(value, at: here) }
        let spec = ProfileSpec(
            name: "test",
            location: here,
            packs: [Sourced("test", at: here)],
            parameters: parameters,
            startingBalance: Sourced(d("10000"), at: here),
            overrides: [],
            contentHash: "test-hash"
        )
        return try ProfileCompiler.compile(spec, packs: ["test": RulePackSpec(name: "test", rules: rules, location: here)])
    }
}

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let current: Mutex<Timestamp>

    init(_ start: Timestamp = Timestamp(iso8601: "2026-01-05T09:30:00Z")!) { current = Mutex(start) }

    var now: Timestamp { current.withLock { $0 } }

    func advance(_ span: TimeSpan) { current.withLock { $0 = Timestamp(nanoseconds: $0.nanoseconds + span.nanoseconds) } }

    var function: @Sendable () -> Timestamp { { self.now } }
}

/// An exact decimal from text; tests only.
func d(_ text: String) -> FixedDecimal { try! FixedDecimal(exactly: text) }

extension TimeSpan {
    static func seconds(_ value: Int64) -> TimeSpan { TimeSpan(nanoseconds: value * 1_000_000_000) }
    static func minutes(_ value: Int64) -> TimeSpan { .seconds(value * 60) }
    static func days(_ value: Int64) -> TimeSpan { .seconds(value * 86_400) }
}

/// Shorthand limit orders for tests.
func order(_ side: Side, _ quantity: String, at price: String, symbol: String = "BTC/USDT", bot: String = "bot-1", id: String? = nil)
    -> Order
{
    Order(bot: bot, symbol: symbol, side: side, quantity: d(quantity), price: d(price), referencePrice: d(price), clientOrderID: id)
}

/// A store in a fresh temporary directory, removed when the value is dropped.
final class TemporaryStore: Sendable {
    let directory: URL
    let store: Store

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("rampart-journal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try Store(path: directory.appendingPathComponent("journal.sqlite").path)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }
}

extension DurableGate {
    /// Submits and, when allowed, fills the whole order at its price with a 0.1% fee (paper style).
    @discardableResult
    func fill(_ order: Order) async throws -> JournaledDecision {
        let result = await submit(order)
        if let permit = result.permit {
            let price = order.valuationPrice!
            let fee = try order.quantity.multiplied(by: price).multiplied(by: d("0.001"))
            try await commit(permit, fill: Fill(quantity: order.quantity, price: price, fee: fee))
        }
        return result
    }
}

extension RiskState {
    /// Positions and account figures that must survive a restart, for comparisons.
    var durableFigures: [String: String] {
        var figures: [String: String] = [:]
        for key in positionKeys {
            let quantity = positionQuantity(bot: key.bot, symbol: key.symbol)
            if !quantity.isZero { figures["position \(key.bot) \(key.symbol)"] = quantity.description }
        }
        for name in accountNames {
            guard let summary = summary(ofAccount: name) else { continue }
            figures["account \(name)"] =
                "equity \(summary.equity) daily \(summary.dailyRealizedPnL) exposure \(summary.grossExposure)"
        }
        return figures
    }
}

import RampartRules
import RampartTestSupport
import Synchronization
import Testing

@Suite struct GateConcurrencyTests {
    static let racingLimits: [ParameterKey: ParameterValue?] = [
        .orderRates: .rates([Rate(count: 100_000, window: .minutes(1))]),
        .tradeRates: .rates([Rate(count: 100_000, window: .days(1))]),
        .maxOpenTrades: .integer(5),
        .maxPositionNotional: .decimal(d("500")),
    ]

    @Test func thirtyTwoRacingTasksNeverOpenMoreThanFivePositions() async throws {
        let profile = try TestProfile.compile(Self.racingLimits)
        for round in 0..<1000 {
            let gate = Gate(profile: profile, clock: { TestTime.start })
            let permitted = Tally(0)
            await withTaskGroup(of: Void.self) { group in
                for task in 0..<32 {
                    group.addTask {
                        let symbol = "S\(task)/USDT"
                        if gate.submit(order(.buy, "1", at: "10", symbol: symbol)).permit != nil {
                            permitted.add(1)
                        }
                    }
                }
            }
            let count = permitted.value
            #expect(count == 5, "round \(round): \(count) positions permitted")
            if count != 5 { break }
        }
    }

    @Test func thirtyTwoRacingTasksNeverExceedThePositionCap() async throws {
        let profile = try TestProfile.compile(Self.racingLimits)
        for round in 0..<1000 {
            let gate = Gate(profile: profile, clock: { TestTime.start })
            let permittedQuantity = Tally(FixedDecimal.zero)
            await withTaskGroup(of: Void.self) { group in
                for task in 0..<32 {
                    group.addTask {
                        // Distinct quantities so the duplicate check stays out of the way: 0.3 + task × 1e-8.
                        let quantity = FixedDecimal(units: 30_000_000 + Int128(task))
                        var racing = order(.buy, "1", at: "100", id: "r\(round)-\(task)")
                        racing.quantity = quantity
                        if let permit = gate.submit(racing).permit {
                            _ = try? gate.commit(permit, fill: Fill(quantity: quantity, price: d("100")))
                            permittedQuantity.update { $0 = (try? $0.adding(quantity)) ?? $0 }
                        }
                    }
                }
            }
            let total = permittedQuantity.value
            // 500 / 100 = 5 units at most; each order is just over 0.3, so exactly 16 fit.
            #expect(total <= d("5"), "round \(round): \(total) units permitted")
            #expect(gate.snapshot().positionQuantity(bot: "bot-1", symbol: "BTC/USDT") == total)
            if total > d("5") { break }
        }
    }
}

/// A value that racing tasks update under a lock.
final class Tally<Value: Sendable>: Sendable {
    private let storage: Mutex<Value>
    init(_ value: Value) { storage = Mutex(value) }
    var value: Value { storage.withLock { $0 } }
    func update(_ body: (inout Value) -> Void) { storage.withLock { body(&$0) } }
}

extension Tally where Value == Int {
    func add(_ amount: Int) { update { $0 += amount } }
}

import RampartTestSupport
import Testing

@testable import RampartRules

/// What allowed orders leave in the state (rate windows, duplicate memory) survives a round trip through
/// `OrderMemory`, and memory kept at a smaller ring capacity than the profile's now is refused.
@Suite struct OrderMemoryTests {
    let clock = ManualClock()

    /// A gate whose bots traded and left orders in their windows and duplicate memory.
    func tradedState(_ profile: CompiledProfile) throws -> RiskState {
        let gate = Gate(profile: profile, clock: clock.function)
        for index in 0..<12 {
            clock.advance(.seconds(5))
            let bot = "bot-\(index % 3)"
            try gate.fill(
                order(.buy, "0.\(index + 1)", at: "100", symbol: index % 2 == 0 ? "BTC/USDT" : "ETH/USDT", bot: bot)
            )
        }
        return gate.snapshot()
    }

    @Test func windowsAndDuplicateMemoryRoundTrip() throws {
        let profile = try TestProfile.compile([.marketRequire: .quoteRequirement(.none)])
        let state = try tradedState(profile)
        var restored = RiskState()
        try restored.restore(state.fillLedger, profile: profile, at: clock.now)
        try restored.restore(state.orderMemory, profile: profile, at: clock.now)
        #expect(restored.orderMemory == state.orderMemory)
        #expect(restored.fillLedger == state.fillLedger)
        for bot in state.botNames {
            for window in [TimeSpan.minutes(1), .hours(1)] {
                #expect(
                    restored.rateWindowUse(bot: bot, window: window, at: clock.now)
                        == state.rateWindowUse(bot: bot, window: window, at: clock.now)
                )
            }
        }
        // The duplicate rule sees the restored memory: the same order again inside the window is refused.
        let again = profile.evaluate(
            order(.buy, "0.12", at: "100", symbol: "ETH/USDT", bot: "bot-2"),
            in: restored,
            at: clock.now
        )
        #expect(again.violations.contains { $0.rule == "duplicate-order" })
    }

    @Test func memoryKeptAtASmallerCapacityIsRefusedWhenARingWasFull() throws {
        let small = try TestProfile.compile([
            .marketRequire: .quoteRequirement(.none), .orderRates: .rates([Rate(count: 2, window: .minutes(1))]),
        ])
        let memory = try tradedState(small).orderMemory
        #expect(memory.orderCapacity == 2 && memory.bots.contains { $0.orderTimes.count == 2 })
        let larger = try TestProfile.compile([.marketRequire: .quoteRequirement(.none)])
        var restored = RiskState()
        #expect(throws: GateError.self) { try restored.restore(memory, profile: larger, at: clock.now) }
        var same = RiskState()
        try same.restore(memory, profile: small, at: clock.now)
    }
}

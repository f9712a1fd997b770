import RampartRules
import RampartTestSupport
import Testing

@Suite struct StateCountsTests {
    @Test func countsAgreeWithTheStateTheyAreTakenFrom() throws {
        let clock = ManualClock()
        let gate = Gate(profile: try TestProfile.compile(), clock: clock.function)
        try gate.fill(order(.buy, "1", at: "10", bot: "a"))
        try gate.fill(order(.buy, "1", at: "10", symbol: "ETH/USDT", bot: "b"))
        gate.setTradingState(.halted, for: .bot("b"), reason: "test")
        gate.setTradingState(.reducing, for: .account("default"), reason: "test")
        gate.setTradingState(.halted, for: .bot("never-traded"), reason: "test")
        gate.updateQuotes([("SOL/USDT", Quote(bid: d("19.9"), ask: d("20.1"), time: clock.now))])
        let counts = gate.stateCounts(at: clock.now)
        let state = gate.snapshot()
        let scopes: [TradingScope] =
            [.global] + state.accountNames.map { .account($0) } + state.botNames.map { .bot($0) }
        let stopped = scopes.filter { state.tradingStateEntry(of: $0).state != .active }
        #expect(state.stoppedScopes.map(\.scope) == stopped)
        #expect(state.stoppedScopes.map { $0.entry.state } == [.reducing, .halted, .halted])
        #expect(counts.stoppedScopes == stopped.count && counts.stoppedScopes == 3)
        #expect(counts.bots == 3 && counts.bots == state.botNames.count)
        #expect(counts.accounts == 1 && counts.accounts == state.accountNames.count)
        #expect(counts.global == .active)
        #expect(counts.heldQuotes.map(\.symbol) == ["SOL/USDT"])
        gate.setTradingState(.halted, for: .global, reason: "test")
        #expect(gate.stateCounts(at: clock.now).global == .halted)
        #expect(gate.stateCounts(at: clock.now).stoppedScopes == 4)
    }
}

import RampartRules
import RampartTestSupport
import Testing

@Suite struct LossChecksTests {
    func gate(_ changes: [ParameterKey: ParameterValue?] = [:]) throws -> (Gate, ManualClock) {
        let clock = ManualClock()
        return (Gate(profile: try TestProfile.compile(changes), clock: clock.function), clock)
    }

    /// Opens and closes a round trip of 1 unit that makes `pnl`, three seconds per order.
    func roundTrip(
        _ gate: Gate,
        _ clock: ManualClock,
        pnl: String,
        entry: String = "5000",
        symbol: String = "BTC/USDT"
    ) throws {
        let exit = try d(entry).adding(d(pnl))
        clock.advance(.seconds(3))
        #expect(try gate.fill(order(.buy, "1", at: entry, symbol: symbol)).allowed)
        clock.advance(.seconds(3))
        #expect(try gate.fill(order(.sell, "1", at: exit.description, symbol: symbol)).allowed)
    }

    static let wide: [ParameterKey: ParameterValue?] = [
        .priceCollar: nil, .maxOrderNotional: .decimal(d("100000")), .maxOrderQuantity: nil, .lossStreak: nil,
    ]

    @Test func dailyLossBreakerTripsAtFivePercent() throws {
        // Starting balance 10000: the breaker trips when today's realized P&L reaches -500.
        let (gate, clock) = try gate(Self.wide)
        try roundTrip(gate, clock, pnl: "-499.99999999", symbol: "BTC/USDT")
        #expect(gate.check(order(.buy, "1", at: "5000")).allowed)
        try roundTrip(gate, clock, pnl: "-0.00000001", symbol: "ETH/USDT")  // total -500: exactly 5%
        let denied = gate.submit(order(.buy, "1", at: "5000")).decision
        #expect(denied.deniedBy == ["max-daily-loss"])
        #expect(denied.violations.first?.actual == "-500")
        #expect(denied.violations.first?.limit == "-500")
    }

    @Test func dailyLossBreakerPutsTheBotInReduceOnlyUntilTheNextUTCDay() throws {
        let (gate, clock) = try gate(Self.wide)
        try gate.fill(order(.buy, "2", at: "100", symbol: "ETH/USDT"))  // a position to get out of later
        try roundTrip(gate, clock, pnl: "-600")
        #expect(gate.submit(order(.buy, "1", at: "100")).decision.deniedBy == ["max-daily-loss"])
        // Now REDUCING: entries on another symbol are denied by the trading state too, exits pass.
        #expect(gate.check(order(.buy, "1", at: "100", symbol: "SOL/USDT")).deniedBy.contains("trading-state"))
        #expect(gate.check(order(.sell, "1", at: "100", symbol: "ETH/USDT")).allowed)
        #expect(gate.snapshot().tradingState(of: .bot("bot-1"), at: clock.now) == .reducing)
        clock.set(Timestamp(iso8601: "2026-01-06T00:00:00Z")!)
        #expect(gate.check(order(.buy, "1", at: "100")).allowed)
    }

    @Test func maxDrawdownHaltsTheAccountUntilResumed() throws {
        let (gate, clock) = try gate(Self.wide.merging([.maxDailyLoss: nil]) { $1 })
        try roundTrip(gate, clock, pnl: "1000")  // peak 11000
        try roundTrip(gate, clock, pnl: "-1649.99999999")  // 14.99999999...%
        #expect(gate.check(order(.buy, "1", at: "100")).allowed)
        try roundTrip(gate, clock, pnl: "-0.00000001")  // equity 9350 = 11000 × 0.85
        let denied = gate.submit(order(.buy, "1", at: "100")).decision
        #expect(denied.deniedBy == ["max-drawdown"])
        #expect(denied.violations.first?.actual == "15%")
        clock.advance(.days(3))
        #expect(gate.check(order(.buy, "1", at: "100", symbol: "ETH/USDT")).deniedBy.contains("trading-state"))
        gate.setTradingState(.active, for: .account("default"), reason: "operator resume")
        // The drawdown itself is still there, so entries stay denied by the rule until equity recovers.
        #expect(gate.check(order(.buy, "1", at: "100")).deniedBy == ["max-drawdown"])
    }

    @Test func lossStreakPausesEntriesForTheCooldown() throws {
        let (gate, clock) = try gate([.maxDailyLoss: nil, .maxDrawdown: nil])
        for _ in 0..<2 { try roundTrip(gate, clock, pnl: "-1", entry: "100") }
        #expect(gate.check(order(.buy, "1", at: "100")).allowed)
        try roundTrip(gate, clock, pnl: "-1", entry: "100")
        let lastLoss = clock.now
        #expect(gate.check(order(.buy, "1", at: "100")).deniedBy == ["loss-streak"])
        clock.set(Timestamp(nanoseconds: lastLoss.nanoseconds + TimeSpan.hours(2).nanoseconds - 1))
        #expect(gate.check(order(.buy, "1", at: "100")).deniedBy == ["loss-streak"])
        clock.set(Timestamp(nanoseconds: lastLoss.nanoseconds + TimeSpan.hours(2).nanoseconds))
        #expect(gate.check(order(.buy, "1", at: "100")).allowed)
    }

    @Test func aWinResetsTheLossStreak() throws {
        let (gate, clock) = try gate([.maxDailyLoss: nil, .maxDrawdown: nil])
        for _ in 0..<2 { try roundTrip(gate, clock, pnl: "-1", entry: "100") }
        try roundTrip(gate, clock, pnl: "0.5", entry: "100")
        try roundTrip(gate, clock, pnl: "-1", entry: "100")
        #expect(gate.check(order(.buy, "1", at: "100")).allowed)
    }
}

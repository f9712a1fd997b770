import RampartRules
import RampartTestSupport
import Testing

@Suite struct PositionChecksTests {
    func gate(
        _ changes: [ParameterKey: ParameterValue?] = [:],
        accountType: AccountType? = nil
    ) throws -> (Gate, ManualClock) {
        let clock = ManualClock()
        return (Gate(profile: try TestProfile.compile(changes, accountType: accountType), clock: clock.function), clock)
    }

    @Test func maxPositionNotionalCountsThePositionAfterTheFill() throws {
        let (gate, _) = try gate([.maxPositionNotional: .decimal(d("500"))])
        try gate.fill(order(.buy, "4", at: "100"))
        #expect(gate.submit(order(.buy, "1", at: "100")).decision.allowed)  // 5 × 100 = 500: at the limit
        let denied = gate.check(order(.buy, "0.00000001", at: "100"))  // 500.000001 with the reservation above
        #expect(denied.deniedBy == ["max-position-notional"])
        #expect(denied.violations.first?.actual == "500.000001")
    }

    @Test func riskReducingOrdersSkipPositionAndExposureLimits() throws {
        let (gate, _) = try gate([.maxPositionNotional: .decimal(d("500")), .maxGrossExposure: .decimal(d("500"))])
        try gate.fill(order(.buy, "5", at: "100"))
        #expect(gate.check(order(.buy, "1", at: "100")).deniedBy == ["max-position-notional", "max-gross-exposure"])
        let exit = gate.check(order(.sell, "5", at: "100"))
        #expect(exit.allowed)
        #expect(exit.effect == .reducing)
        // Selling more than the position crosses through flat: not risk-reducing, so the limits apply.
        #expect(gate.check(order(.sell, "11", at: "100")).effect == .crossing)
    }

    @Test func maxGrossExposureSumsPositionsAcrossSymbols() throws {
        let (gate, _) = try gate([.maxGrossExposure: .decimal(d("1500"))], accountType: .margin)
        try gate.fill(order(.buy, "5", at: "100", symbol: "BTC/USDT"))
        try gate.fill(order(.sell, "5", at: "100", symbol: "ETH/USDT"))  // a short (margin) counts by its size
        #expect(gate.check(order(.buy, "5", at: "100", symbol: "SOL/USDT")).allowed)  // 1500: at the limit
        #expect(gate.check(order(.buy, "5", at: "100.00000001", symbol: "SOL/USDT")).deniedBy == ["max-gross-exposure"])
    }

    @Test func maxOpenTradesDeniesTheSixthPositionButNotAddingToAnOpenOne() throws {
        let (gate, _) = try gate()
        for symbol in ["A/USDT", "B/USDT", "C/USDT", "D/USDT"] {
            try gate.fill(order(.buy, "1", at: "10", symbol: symbol))
        }
        #expect(gate.submit(order(.buy, "1", at: "10", symbol: "E/USDT")).decision.allowed)  // fifth: reserved
        let sixth = gate.check(order(.buy, "1", at: "10", symbol: "F/USDT"))
        #expect(sixth.deniedBy == ["max-open-trades"])
        #expect(sixth.violations.first?.actual == "5")
        #expect(gate.check(order(.buy, "2", at: "10", symbol: "A/USDT")).allowed)  // increasing, not opening
    }

    @Test func releasedReservationsFreeTheirRoom() throws {
        let (gate, _) = try gate([.maxOpenTrades: .integer(1)])
        let (_, permit) = gate.submit(order(.buy, "1", at: "10"))
        #expect(gate.check(order(.buy, "1", at: "10", symbol: "ETH/USDT")).deniedBy == ["max-open-trades"])
        try gate.release(#require(permit))
        #expect(gate.check(order(.buy, "1", at: "10", symbol: "ETH/USDT")).allowed)
        #expect(throws: GateError.unknownPermit) { try gate.release(permit!) }
    }

    @Test func aNewBotBeyondMaxBotsIsDeniedButKnownBotsKeepTrading() throws {
        let (gate, _) = try gate([.maxBots: .integer(2)])
        #expect(gate.submit(order(.buy, "1", at: "10", bot: "a")).decision.allowed)
        #expect(gate.submit(order(.buy, "1", at: "10", symbol: "ETH/USDT", bot: "b")).decision.allowed)
        let third = gate.check(order(.buy, "1", at: "10", bot: "c"))
        #expect(third.deniedBy == ["order-validity"])
        #expect(third.violations.first?.actual == "bot_limit: the account already holds limits.max_bots bots")
        #expect(gate.check(order(.buy, "1", at: "10", symbol: "SOL/USDT", bot: "a")).allowed)
        #expect(gate.snapshot().botNames == ["a", "b"])
    }

    @Test func anUndeclaredAccountIsInvalidAndNeverFunded() throws {
        let (gate, _) = try gate()
        var stray = order(.buy, "1", at: "10")
        stray.account = "x1"
        let decision = gate.submit(stray).decision
        #expect(decision.deniedBy == ["order-validity"])
        #expect(decision.violations.first?.actual.hasPrefix("unknown_account") == true)
        #expect(gate.snapshot().accountNames.isEmpty && gate.snapshot().botNames.isEmpty)
    }

    @Test func eligibilityMeasuresProfitAgainstTheBotsOwnAccount() throws {
        let profile = try TestProfile.compileMainAndHedge()
        let gate = Gate(profile: profile, clock: ManualClock().function)
        var entry = order(.buy, "1", at: "100", bot: "h1")
        entry.account = "hedge"
        try gate.fill(entry)
        var exit = order(.sell, "1", at: "150", bot: "h1")
        exit.account = "hedge"
        try gate.fill(exit)
        let record = gate.snapshot().paperRecord(ofBot: "h1", now: TestTime.start, startingBalance: d("1"))
        #expect(record.startingBalance == d("5000"))
        #expect(record.profit == d("0.01"))  // 50 / 5,000
    }
}

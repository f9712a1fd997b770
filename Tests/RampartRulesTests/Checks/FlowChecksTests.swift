import RampartRules
import RampartTestSupport
import Testing

@Suite struct FlowChecksTests {
    func gate(_ changes: [ParameterKey: ParameterValue?] = [:]) throws -> (Gate, ManualClock) {
        let clock = ManualClock()
        return (Gate(profile: try TestProfile.compile(changes), clock: clock.function), clock)
    }

    @Test func orderRateWindowHoldsThirtyPerMinute() throws {
        let (gate, clock) = try gate([.duplicateWindow: nil])
        let first = clock.now
        for index in 0..<30 {
            clock.set(Timestamp(nanoseconds: first.nanoseconds + Int64(index) * 2_000_000_000))  // every 2 s
            #expect(gate.submit(order(.buy, "0.1", at: "10")).decision.allowed)
        }
        clock.set(Timestamp(nanoseconds: first.nanoseconds + TimeSpan.seconds(60).nanoseconds - 1))
        let denied = gate.check(order(.buy, "0.1", at: "10"))
        #expect(denied.deniedBy == ["order-rate"])
        #expect(denied.violations.first?.limit == "30/1m")
        // At first + 60 s the first order leaves the window (t - 60 s, t].
        clock.set(Timestamp(nanoseconds: first.nanoseconds + TimeSpan.seconds(60).nanoseconds))
        #expect(gate.check(order(.buy, "0.1", at: "10")).allowed)
    }

    @Test func deniedOrdersDoNotFillTheRateWindow() throws {
        let (gate, _) = try gate([.duplicateWindow: nil, .orderRates: .rates([Rate(count: 2, window: .minutes(1))])])
        #expect(gate.submit(order(.buy, "1", at: "10")).decision.allowed)
        #expect(!gate.submit(order(.buy, "100", at: "10")).decision.allowed)
        #expect(gate.submit(order(.buy, "1", at: "10")).decision.allowed)
        #expect(gate.check(order(.buy, "1", at: "10")).deniedBy == ["order-rate"])
    }

    @Test func riskReducingOrdersSkipTheRateLimits() throws {
        let (gate, _) = try gate([.duplicateWindow: nil, .orderRates: .rates([Rate(count: 1, window: .minutes(1))])])
        try gate.fill(order(.buy, "1", at: "10"))
        #expect(gate.check(order(.buy, "1", at: "10")).deniedBy == ["order-rate"])
        #expect(gate.check(order(.sell, "1", at: "10")).allowed)
    }

    @Test func tradeRateCountsOnlyOrdersThatOpenPositions() throws {
        let (gate, clock) = try gate([.duplicateWindow: nil, .tradeRates: .rates([Rate(count: 2, window: .days(1))])])
        try gate.fill(order(.buy, "1", at: "10", symbol: "A/USDT"))
        try gate.fill(order(.buy, "1", at: "10", symbol: "A/USDT"))  // increasing: not a new trade
        try gate.fill(order(.buy, "1", at: "10", symbol: "B/USDT"))
        #expect(gate.check(order(.buy, "1", at: "10", symbol: "C/USDT")).deniedBy == ["trade-rate"])
        clock.advance(.days(1))
        #expect(gate.check(order(.buy, "1", at: "10", symbol: "C/USDT")).allowed)
    }

    @Test func duplicateClientOrderIDIsDenied() throws {
        let (gate, clock) = try gate()
        #expect(gate.submit(order(.buy, "1", at: "10", id: "abc")).decision.allowed)
        clock.advance(.days(2))
        #expect(gate.check(order(.buy, "2", at: "11", id: "abc")).deniedBy == ["duplicate-order"])
    }

    @Test func sameOrderInsideTheDuplicateWindowIsDenied() throws {
        let (gate, clock) = try gate()
        #expect(gate.submit(order(.buy, "1", at: "10")).decision.allowed)
        clock.advance(TimeSpan(nanoseconds: 1_999_999_999))
        #expect(gate.check(order(.buy, "1", at: "10")).deniedBy == ["duplicate-order"])
        #expect(gate.check(order(.buy, "1", at: "10.01")).allowed)  // a different price is a different order
        clock.advance(TimeSpan(nanoseconds: 1))
        #expect(gate.check(order(.buy, "1", at: "10")).allowed)
    }
}

@Suite struct DurationTextTests {
    @Test(arguments: [
        (2_000_000_000 as Int64, "2s"), (38_576_841, "38ms"), (500_000_000, "500ms"), (90_000_000_000, "90s"),
        (120_000_000_000, "2m"), (999, "<1ms"), (1_500_000_001, "1500ms"),
    ])
    func spansPrintLikeTheYAMLGrammar(nanoseconds: Int64, text: String) {
        #expect(TimeSpan(nanoseconds: nanoseconds).description == text)
    }
}

@Suite struct StateAndFlagChecksTests {
    @Test func tradingFlagOffDeniesEveryOrder() throws {
        let profile = try TestProfile.compile([.trading: .bool(false)])
        let decision = profile.evaluate(order(.buy, "1", at: "10"), in: RiskState(), at: TestTime.start)
        #expect(decision.deniedBy == ["trading-flag"])
    }

    @Test func liveOrdersNeedTheLiveFlagAndAPromotion() throws {
        // Quotes are not the subject here: live orders may be priced by the caller.
        let off = try TestProfile.compile([.marketRequire: .quoteRequirement(.none)])
        let live = order(.buy, "1", at: "10", mode: .live)
        #expect(off.evaluate(live, in: RiskState(), at: TestTime.start).deniedBy == ["live-flag", "live-eligibility"])
        #expect(off.evaluate(order(.buy, "1", at: "10"), in: RiskState(), at: TestTime.start).allowed)
        let on = try TestProfile.compile([.liveTrading: .bool(true), .marketRequire: .quoteRequirement(.none)])
        var state = RiskState()
        #expect(on.evaluate(live, in: state, at: TestTime.start).deniedBy == ["live-eligibility"])
        state.setPromoted(true, bot: "bot-1")
        #expect(on.evaluate(live, in: state, at: TestTime.start).allowed)
    }

    @Test func liveTradingIsOffWhenTheProfileDoesNotSayOtherwise() throws {
        let profile = try TestProfile.compile([.liveTrading: nil, .marketRequire: .quoteRequirement(.none)], rules: [])
        #expect(profile.rules.map(\.id) == ["order-validity", "trading-state", "live-flag", "live-eligibility"])
        let decision = profile.evaluate(order(.buy, "1", at: "10", mode: .live), in: RiskState(), at: TestTime.start)
        #expect(decision.deniedBy == ["live-flag", "live-eligibility"])
    }

    @Test func globalHaltDeniesEvenRiskReducingOrders() throws {
        let clock = ManualClock()
        let gate = Gate(profile: try TestProfile.compile(), clock: clock.function)
        try gate.fill(order(.buy, "1", at: "10"))
        gate.setTradingState(.halted, for: .global, reason: "emergency stop")
        #expect(gate.check(order(.sell, "1", at: "10")).deniedBy == ["trading-state"])
        gate.setTradingState(.reducing, for: .global, reason: "reduce only")
        #expect(gate.check(order(.sell, "1", at: "10")).allowed)
        #expect(gate.check(order(.buy, "2", at: "10")).deniedBy == ["trading-state"])
        gate.setTradingState(.active, for: .global, reason: "resume")
        clock.advance(.seconds(3))
        #expect(gate.check(order(.buy, "1", at: "10")).allowed)
    }

    @Test func haltingABotBeforeItTradesTakesEffectOnItsFirstOrder() throws {
        let gate = Gate(profile: try TestProfile.compile(), clock: ManualClock().function)
        gate.setTradingState(.halted, for: .bot("later"), reason: "operator")
        #expect(gate.check(order(.buy, "1", at: "10", bot: "later")).deniedBy == ["trading-state"])
        #expect(gate.check(order(.buy, "1", at: "10", bot: "other")).allowed)
    }

    @Test func missingParameterIsACompileErrorAtTheRuleWithANoteAtTheProfile() {
        #expect {
            try TestProfile.compile([.maxOrderNotional: nil], rules: TestProfile.seedRules())
        } throws: { error in
            let text = (error as? DiagnosticError)?.description ?? ""
            return text.contains(
                "rules/test.yaml:5:5: error: rule 'max-order-notional' (check 'max_order_notional') needs 'limits.max_order_notional'"
            )
                && text.contains("test.yaml:1:1: note: profile 'test' is defined here")
        }
    }
}

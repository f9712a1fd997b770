import RampartRules
import RampartTestSupport
import Testing

@Suite struct OrderSizeChecksTests {
    let profile: CompiledProfile
    init() throws { profile = try TestProfile.compile() }

    func decide(_ order: Order) -> Decision { profile.evaluate(order, in: RiskState(), at: TestTime.start) }

    @Test func maxOrderQuantityAllowsTheLimitAndDeniesOneUnitMore() {
        #expect(decide(order(.buy, "5", at: "10")).allowed)
        let denied = decide(order(.buy, "5.00000001", at: "10"))
        #expect(denied.deniedBy == ["max-order-quantity"])
        #expect(denied.violations.first?.actual == "5.00000001")
        #expect(denied.violations.first?.limit == "5")
    }

    @Test func maxOrderNotionalAllowsTheLimitAndDeniesOneUnitMore() {
        #expect(decide(order(.buy, "4", at: "250")).allowed)
        let denied = decide(order(.buy, "4", at: "250.00000001"))
        #expect(denied.deniedBy == ["max-order-notional"])
        #expect(denied.violations.first?.message == "order notional 1000.00000004 exceeds 1000")
    }

    @Test func marketOrderNotionalUsesTheReferencePrice() {
        #expect(decide(order(.buy, "4", at: "250", type: .market)).allowed)
        #expect(decide(order(.buy, "4", at: "251", type: .market)).deniedBy == ["max-order-notional"])
    }

    @Test func aWinningExitPastTheNotionalCapIsAllowed() throws {
        // A bot buys 1,000 USDT under max_order_notional 1000; the price rises 1%: its one exit (1,010) gets out.
        let gate = Gate(profile: profile, clock: ManualClock().function)
        try gate.fill(order(.buy, "4", at: "250"))
        let exit = gate.check(order(.sell, "4", at: "252.5"))
        #expect(exit.allowed && exit.effect == .reducing)
        // Not risk-reducing: an entry of the same size is capped, and so is a sell beyond the position (margin).
        #expect(gate.check(order(.buy, "4", at: "252.5")).deniedBy == ["max-order-notional"])
        let margin = Gate(profile: try TestProfile.compile(accountType: .margin), clock: ManualClock().function)
        try margin.fill(order(.buy, "4", at: "250"))
        #expect(margin.check(order(.sell, "6", at: "250")).deniedBy == ["max-order-quantity", "max-order-notional"])
    }

    @Test func anExitIsStillHeldToThePriceCollarAndAHalt() throws {
        let gate = Gate(profile: profile, clock: ManualClock().function)
        try gate.fill(order(.buy, "4", at: "250"))
        #expect(gate.check(order(.sell, "4", at: "240", reference: "250")).deniedBy == ["price-collar"])
        gate.setTradingState(.halted, for: .global, reason: "test")
        #expect(gate.check(order(.sell, "4", at: "250")).deniedBy == ["trading-state"])
    }

    @Test(arguments: [("102", true), ("98", true), ("102.00000001", false), ("97.99999999", false)])
    func priceCollarAllowsTwoPercentEitherSide(price: String, allowed: Bool) {
        let decision = decide(order(.buy, "1", at: price, reference: "100"))
        #expect(decision.allowed == allowed)
        if !allowed { #expect(decision.deniedBy == ["price-collar"]) }
    }

    @Test func priceCollarDeniesALimitOrderWithoutReferencePrice() {
        var unreferenced = order(.buy, "1", at: "100")
        unreferenced.referencePrice = nil
        #expect(decide(unreferenced).deniedBy == ["price-collar"])
    }

    @Test func everyViolatedRuleIsListedNotOnlyTheFirst() {
        let decision = decide(order(.buy, "6", at: "300", symbol: "LUNA/USDT", reference: "200"))
        #expect(decision.deniedBy == ["max-order-quantity", "max-order-notional", "price-collar", "symbols"])
        #expect(!decision.allowed)
        #expect(decision.profileHash == "test-hash")
    }

    @Test func stopAtFirstDenialReportsOnlyTheFirst() {
        let decision = profile.evaluate(
            order(.buy, "6", at: "300", symbol: "LUNA/USDT", reference: "200"),
            in: RiskState(),
            at: TestTime.start,
            stopAtFirstDenial: true
        )
        #expect(decision.deniedBy == ["max-order-quantity"])
    }

    @Test(arguments: ["LUNA/USDT", "ETH/EUR"])
    func symbolsDenyListAndAllowListDeny(symbol: String) {
        #expect(decide(order(.buy, "1", at: "10", symbol: symbol)).deniedBy == ["symbols"])
    }

    @Test(arguments: ["BTC/USDT", "ETH/BTC"])
    func symbolsAllowListAdmits(symbol: String) {
        #expect(decide(order(.buy, "1", at: "10", symbol: symbol)).allowed)
    }

    @Test func warnRulesAreReportedButNotEnforced() throws {
        let shadow = try TestProfile.compile(actions: [.maxOrderNotional: .warn])
        let decision = shadow.evaluate(order(.buy, "4", at: "300"), in: RiskState(), at: TestTime.start)
        #expect(decision.allowed)
        #expect(decision.violations.isEmpty)
        #expect(decision.warnings.map(\.rule) == ["max-order-notional"])
    }

    @Test func overridesApplyFirstMatchPerKey() throws {
        let here = TestProfile.here
        let profile = try TestProfile.compile(overrides: [
            OverrideSpec(
                symbol: Glob("DOGE/*"),
                parameters: [.maxOrderNotional: Sourced(.decimal(d("100")), at: here)],
                location: here
            ),
            OverrideSpec(
                symbol: Glob("*/USDT"),
                parameters: [.maxOrderNotional: Sourced(.decimal(d("50")), at: here)],
                location: here
            ),
        ])
        let doge = profile.evaluate(
            order(.buy, "1", at: "100.5", symbol: "DOGE/USDT"),
            in: RiskState(),
            at: TestTime.start
        )
        #expect(doge.deniedBy == ["max-order-notional"])
        #expect(doge.violations.first?.limit == "100")
        #expect(
            profile.evaluate(order(.buy, "1", at: "100", symbol: "DOGE/USDT"), in: RiskState(), at: TestTime.start)
                .allowed
        )
        #expect(
            profile.evaluate(order(.buy, "1", at: "51", symbol: "ETH/USDT"), in: RiskState(), at: TestTime.start)
                .deniedBy == ["max-order-notional"]
        )
        #expect(
            profile.evaluate(order(.buy, "1", at: "51", symbol: "ETH/BTC"), in: RiskState(), at: TestTime.start).allowed
        )
    }
}

@Suite struct OrderValidityTests {
    let profile: CompiledProfile
    init() throws { profile = try TestProfile.compile() }

    func problem(_ order: Order) -> String? {
        let decision = profile.evaluate(order, in: RiskState(), at: TestTime.start)
        return decision.allowed ? nil : decision.violations.first.map { "\($0.rule): \($0.actual)" }
    }

    @Test func zeroQuantityIsInvalid() {
        #expect(problem(order(.buy, "0", at: "10")) == "order-validity: quantity must be greater than zero")
    }

    @Test func negativePriceIsInvalid() {
        #expect(problem(order(.buy, "1", at: "-1")) == "order-validity: price must be greater than zero")
    }

    @Test func botAndAccountNamesOutsideTheGrammarAreInvalidAndNeverBecomeState() throws {
        let gate = Gate(profile: profile, clock: ManualClock().function)
        let long = order(.buy, "1", at: "10", bot: String(repeating: "b", count: 65))
        #expect(
            gate.submit(long).decision.violations.first?.actual == "bot must be 1-64 characters of A-Z a-z 0-9 . _ : -"
        )
        var spaced = order(.buy, "1", at: "10")
        spaced.account = "my account"
        #expect(
            gate.submit(spaced).decision.violations.first?.actual
                == "account must be 1-64 characters of A-Z a-z 0-9 . _ : -"
        )
        #expect(gate.snapshot().botNames.isEmpty && gate.snapshot().accountNames.isEmpty)
        #expect(gate.submit(order(.buy, "1", at: "10", bot: "grid-1.a_b:c")).decision.allowed)
    }

    @Test func marketOrderWithAPriceIsInvalid() {
        var market = order(.buy, "1", at: "10", type: .market)
        market.price = d("1")
        #expect(
            problem(market)
                == "order-validity: a market order carries no price; it is valued at the reference price"
        )
    }

    @Test func marketOrderNeedsAReferencePrice() {
        var market = order(.buy, "1", at: "10", type: .market)
        market.referencePrice = nil
        #expect(
            problem(market)
                == "order-validity: a market order needs a reference price: no fresh market quote is held and no "
                + "reference_price was given"
        )
    }

    @Test(arguments: ["BTCUSDT", "BTC/", "/USDT", "BTC/USDT/X", "BTC USDT", ""])
    func symbolMustBeBaseSlashQuote(symbol: String) {
        #expect(problem(order(.buy, "1", at: "10", symbol: symbol)) == "order-validity: symbol must be BASE/QUOTE")
    }

    @Test func stopLossAndTakeProfitMustBeOnTheRightSide() {
        var buy = order(.buy, "1", at: "100")
        buy.stopLoss = d("99")
        buy.takeProfit = d("101")
        #expect(problem(buy) == nil)
        buy.stopLoss = d("100")
        #expect(problem(buy) == "order-validity: a buy's stop_loss must be below the entry price")
        var sell = order(.sell, "1", at: "100")
        sell.stopLoss = d("101")
        sell.takeProfit = d("100")
        #expect(problem(sell) == "order-validity: a sell's take_profit must be below the entry price")
    }
}

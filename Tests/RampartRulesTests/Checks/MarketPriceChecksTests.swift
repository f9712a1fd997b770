import RampartRules
import RampartTestSupport
import Testing

/// DESIGN §7: the gate judges orders at its own quotes; the caller's prices are a limit and a cross-check.
@Suite struct MarketPriceChecksTests {
    let clock = ManualClock()

    func gate(_ changes: [ParameterKey: ParameterValue?] = [:], rules: [RuleSpec]? = nil) throws -> Gate {
        Gate(profile: try TestProfile.compile(changes, rules: rules), clock: clock.function)
    }

    func quote(_ gate: Gate, bid: String, ask: String, symbol: String = "BTC/USDT", age: TimeSpan = .seconds(0)) {
        let time = Timestamp(nanoseconds: clock.now.nanoseconds - age.nanoseconds)
        #expect(gate.updateQuotes([(symbol, Quote(bid: d(bid), ask: d(ask), time: time))]).isEmpty)
    }

    func market(_ side: Side, _ quantity: String, reference: String? = nil, mode: TradingMode = .paper) -> Order {
        var order = order(side, quantity, at: reference ?? "1", type: .market, mode: mode)
        order.referencePrice = reference.map(d)
        return order
    }

    @Test func aSpoofedReferencePriceCannotShrinkAMarketOrder() throws {
        let gate = try gate()
        quote(gate, bid: "64990", ask: "65000")
        // The order says BTC is worth 1 USDT: the gate values it at the ask.
        let decision = gate.check(market(.buy, "5", reference: "1"))
        #expect(
            decision.deniedBy == [
                "max-order-notional", "reference-price", "max-position-notional", "max-gross-exposure",
            ]
        )
        #expect(decision.priceSource == .market)
        #expect(decision.referencePrice == d("65000"))
        let spoof = try #require(decision.violations.first { $0.rule == "reference-price" })
        #expect(spoof.limit == "1%")
        #expect(spoof.actual.hasPrefix("99.99"))
    }

    @Test func aBuyIsValuedAtTheAskAndASellAtTheBid() throws {
        let gate = try gate([.priceCollar: nil, .duplicateWindow: nil])
        quote(gate, bid: "99", ask: "101")
        let (buy, permit) = gate.submit(market(.buy, "2"))
        #expect(buy.allowed && buy.referencePrice == d("101") && buy.priceSource == .market)
        #expect(permit?.reference == d("101") && permit?.priceSource == .market)
        try gate.commit(#require(permit), fill: Fill(quantity: d("2"), price: d("101")))
        let sell = gate.check(market(.sell, "2"))
        #expect(sell.allowed && sell.referencePrice == d("99"))
    }

    @Test func theCallersReferenceIsUsedOnlyWhereNoQuoteIsRequiredAndNoneIsHeld() throws {
        let gate = try gate()
        // require: live (the default), paper order, no quote: the caller's price, and the decision says so.
        let paper = gate.check(market(.buy, "0.01", reference: "65000"))
        #expect(paper.allowed && paper.priceSource == .caller && paper.referencePrice == d("65000"))
        // A live order needs a quote: none held is stale_price (fail closed), whatever the caller says.
        let live = gate.check(market(.buy, "0.01", reference: "65000", mode: .live))
        #expect(live.deniedBy.contains("stale-price"))
        #expect(live.violations.first { $0.rule == "stale-price" }?.actual == "no quote held")
    }

    @Test func aStaleQuoteIsNotUsedAndDeniesOrdersThatNeedOne() throws {
        let gate = try gate([.marketRequire: .quoteRequirement(.all)])
        quote(gate, bid: "64990", ask: "65000", age: .seconds(6))
        let stale = gate.check(market(.buy, "0.01", reference: "65000"))
        #expect(stale.deniedBy == ["stale-price"])
        #expect(stale.violations[0].actual == "6s" && stale.violations[0].limit == "5s")
        let limit = gate.check(order(.buy, "0.01", at: "65000"))
        #expect(limit.deniedBy.contains("stale-price"))
        // The feed comes back: the same orders pass.
        quote(gate, bid: "64990", ask: "65000")
        #expect(gate.check(market(.buy, "0.01")).allowed)
        #expect(gate.check(order(.buy, "0.01", at: "65000")).allowed)
    }

    @Test func withoutAStalePriceRuleAnOrderThatNeedsAQuoteIsInvalid() throws {
        let rules = TestProfile.seedRules().filter { $0.check != .stalePrice }
        let gate = try gate([.marketRequire: .quoteRequirement(.all)], rules: rules)
        let decision = gate.check(order(.buy, "0.01", at: "65000"))
        #expect(decision.deniedBy == ["order-validity"])
        #expect(decision.violations[0].actual.hasPrefix("no fresh market quote"))
    }

    @Test func aMarketOrderWithNoReferenceAtAllIsDenied() throws {
        let gate = try gate([.marketRequire: .quoteRequirement(.none)])
        let decision = gate.check(market(.buy, "0.01"))
        #expect(decision.deniedBy == ["order-validity"])
        #expect(decision.violations[0].actual.hasPrefix("a market order needs a reference price"))
    }

    @Test func theCollarIsMeasuredAgainstTheMarketNotTheCaller() throws {
        let gate = try gate()
        quote(gate, bid: "64990", ask: "65000")
        // The caller claims the market is at 67,000 so that a 67,000 limit looks inside the 2% collar.
        let decision = gate.check(order(.buy, "0.01", at: "67000", reference: "67000"))
        #expect(decision.deniedBy == ["price-collar", "reference-price"])
        // Within tolerance the caller's reference is fine, and the collar still uses the market.
        #expect(gate.check(order(.buy, "0.01", at: "65500", reference: "65100")).allowed)
    }

    @Test func venueFiltersAreOrderValidity() throws {
        let gate = try gate([.marketRequire: .quoteRequirement(.none)])
        gate.updateVenueRules([
            "BTC/USDT": SymbolRules(
                venueSymbol: "BTCUSDT",
                minQuantity: d("0.001"),
                maxQuantity: d("9000"),
                stepSize: d("0.001"),
                tickSize: d("0.01"),
                minNotional: d("10")
            )
        ])
        func problem(_ order: Order) -> String? { gate.check(order).violations.first?.actual }
        #expect(problem(order(.buy, "0.0005", at: "65000"))?.contains("minimum 0.001") == true)
        #expect(problem(order(.buy, "0.0015", at: "65000"))?.contains("step 0.001") == true)
        #expect(problem(order(.buy, "0.001", at: "65000.005"))?.contains("tick 0.01") == true)
        #expect(problem(order(.buy, "0.001", at: "5000"))?.contains("MIN_NOTIONAL") == true)
        #expect(gate.check(order(.buy, "0.001", at: "65000")).allowed)
        // A symbol the venue does not list has no filters.
        #expect(gate.check(order(.buy, "0.0005", at: "20", symbol: "ETH/USDT")).allowed)
    }

    @Test func unsoundQuotesAreNeverStored() throws {
        let gate = try gate()
        let now = clock.now
        let rejected = gate.updateQuotes([
            ("BTC/USDT", Quote(bid: d("65001"), ask: d("65000"), time: now)),
            ("ETH/USDT", Quote(bid: d("-1"), ask: d("3000"), time: now)),
            ("SOL/USDT", Quote(bid: .zero, ask: d("150"), time: now)),
            ("BAD", Quote(bid: d("1"), ask: d("2"), time: now)),
        ])
        #expect(rejected == ["BTC/USDT", "ETH/USDT", "SOL/USDT", "BAD"])
        #expect(gate.quote(for: "BTC/USDT") == nil)
        // An older answer arriving late never replaces a newer quote.
        quote(gate, bid: "100", ask: "101")
        let earlier = Timestamp(nanoseconds: now.nanoseconds - 1)
        gate.updateQuotes([("BTC/USDT", Quote(bid: d("1"), ask: d("2"), time: earlier))])
        #expect(gate.quote(for: "BTC/USDT")?.bid == d("100"))
    }
}

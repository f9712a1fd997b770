import RampartRules
import RampartTestSupport
import Testing

@Suite struct FillAccountingTests {
    func gate() throws -> (Gate, ManualClock) {
        let clock = ManualClock()
        // A margin account: these tests book shorts too.
        let profile = try TestProfile.compile(
            [.duplicateWindow: nil, .priceCollar: nil, .maxOrderQuantity: nil],
            accountType: .margin
        )
        return (Gate(profile: profile, clock: clock.function), clock)
    }

    @Test func longRoundTripRealizesProfitNetOfBothFees() throws {
        let (gate, _) = try gate()
        try gate.fill(order(.buy, "2", at: "100"), fee: "0.2")
        let (_, permit) = gate.submit(order(.sell, "2", at: "110"))
        let outcome = try gate.commit(#require(permit), fill: Fill(quantity: d("2"), price: d("110"), fee: d("0.22")))
        #expect(outcome.realizedPnL == d("19.58"))  // 220 - 0.22 - (200 + 0.2)
        #expect(outcome.closedTrade?.pnl == d("19.58"))
        #expect(outcome.closedTrade?.isWin == true)
        let account = try #require(gate.snapshot().summary(ofAccount: "default"))
        #expect(account.equity == d("10019.58"))
        #expect(account.grossExposure == .zero)
    }

    @Test func thePaperRecordCountsOnlyPaperFills() throws {
        let clock = ManualClock()
        let profile = try TestProfile.compile([
            .duplicateWindow: nil, .priceCollar: nil, .maxOrderQuantity: nil, .liveTrading: .bool(true),
            .marketRequire: .quoteRequirement(.none),
        ])
        let gate = Gate(profile: profile, clock: clock.function)
        gate.setPromoted(true, bot: "bot-1")
        // A winning paper round trip, then a losing live one.
        try gate.fill(order(.buy, "1", at: "100"))
        clock.advance(.days(8))
        try gate.fill(order(.sell, "1", at: "110"))
        let liveStart = clock.now
        try gate.fill(order(.buy, "1", at: "110", mode: .live))
        try gate.fill(order(.sell, "1", at: "100", mode: .live))
        let state = gate.snapshot()
        #expect(state.record(ofBot: "bot-1")?.closedTrades == 2)
        let paper = state.paperRecord(ofBot: "bot-1", now: liveStart, startingBalance: d("10000"))
        #expect(paper.closedTrades == 1)
        #expect(paper.wins == 1)
        #expect(paper.netPnL == d("10"))
        #expect(paper.firstTrade == TestTime.start)
        #expect(state.paperRecord(ofBot: "nobody", now: liveStart, startingBalance: d("10000")).closedTrades == 0)
    }

    @Test func shortRoundTripLosesWhenPriceRises() throws {
        let (gate, _) = try gate()
        try gate.fill(order(.sell, "0.5", at: "200"), fee: "0.1")
        let (_, permit) = gate.submit(order(.buy, "0.5", at: "210"))
        let outcome = try gate.commit(
            #require(permit),
            fill: Fill(quantity: d("0.5"), price: d("210"), fee: d("0.105"))
        )
        #expect(outcome.realizedPnL == d("-5.205"))  // 100 - 0.1 - 105 - 0.105
        #expect(outcome.closedTrade?.isWin == false)
    }

    @Test func partialExitsSplitCostProportionallyAndZeroPnLIsNotAWin() throws {
        let (gate, _) = try gate()
        try gate.fill(order(.buy, "3", at: "100"))
        let first = try gate.commit(
            #require(gate.submit(order(.sell, "1", at: "100")).permit),
            fill: Fill(quantity: d("1"), price: d("100"))
        )
        #expect(first.realizedPnL == .zero && first.closedTrade == nil)
        let second = try gate.commit(
            #require(gate.submit(order(.sell, "2", at: "100")).permit),
            fill: Fill(quantity: d("2"), price: d("100"))
        )
        #expect(second.closedTrade?.pnl == .zero)
        #expect(second.closedTrade?.isWin == false)
        #expect(gate.snapshot().record(ofBot: "bot-1")?.wins == 0)
    }

    @Test func fractionalQuantitiesStayExact() throws {
        let (gate, _) = try gate()
        try gate.fill(order(.buy, "0.00012345", at: "65000.5"))
        let outcome = try gate.commit(
            #require(gate.submit(order(.sell, "0.00012345", at: "65100.25")).permit),
            fill: Fill(quantity: d("0.00012345"), price: d("65100.25"))
        )
        // Each cash leg rounds half-even to 8 decimals: 8.024311725 → 8.02431172, 8.0366258625 → 8.03662586.
        #expect(outcome.realizedPnL == d("0.01231414"))
    }

    @Test func aPartialFillReleasesTheUnfilledRest() throws {
        let (gate, _) = try gate()
        let (_, permit) = gate.submit(order(.buy, "4", at: "100"))
        try gate.commit(#require(permit), fill: Fill(quantity: d("1"), price: d("100")))
        #expect(gate.snapshot().positionQuantity(bot: "bot-1", symbol: "BTC/USDT") == d("1"))
        #expect(throws: GateError.unknownPermit) {
            try gate.commit(permit!, fill: Fill(quantity: d("1"), price: d("100")))
        }
    }

    @Test func aBadFillChangesNothing() throws {
        let (gate, _) = try gate()
        let (_, permit) = gate.submit(order(.buy, "1", at: "100"))
        #expect(throws: GateError.self) { try gate.commit(permit!, fill: Fill(quantity: d("2"), price: d("100"))) }
        #expect(throws: GateError.self) { try gate.commit(permit!, fill: Fill(quantity: d("1"), price: d("0"))) }
        #expect(gate.snapshot().positionQuantity(bot: "bot-1", symbol: "BTC/USDT") == .zero)
        try gate.commit(permit!, fill: Fill(quantity: d("1"), price: d("100")))
        #expect(gate.snapshot().positionQuantity(bot: "bot-1", symbol: "BTC/USDT") == d("1"))
    }

    @Test func crossingThroughFlatClosesAndOpensTheOtherSide() throws {
        let (gate, _) = try gate()
        try gate.fill(order(.buy, "1", at: "100"))
        let (decision, permit) = gate.submit(order(.sell, "3", at: "110"))
        #expect(decision.effect == .crossing)
        let outcome = try gate.commit(#require(permit), fill: Fill(quantity: d("3"), price: d("110"), fee: d("0.3")))
        #expect(outcome.closedTrade?.pnl == d("9.9"))  // 10 - 0.1 of the fee
        #expect(gate.snapshot().positionQuantity(bot: "bot-1", symbol: "BTC/USDT") == d("-2"))
    }
}

@Suite struct NoDoubleCloseTests {
    @Test func aSecondReduceOnlyCloseOfTheSamePositionIsDenied() throws {
        let clock = ManualClock()
        let gate = Gate(profile: try TestProfile.compile(), clock: clock.function)
        try gate.fill(order(.buy, "1", at: "100"))
        var close = order(.sell, "1", at: "100", id: "close-1")
        close.reduceOnly = true
        let (first, permit) = gate.submit(close)
        #expect(first.allowed && first.effect == .reducing)
        // While the first close is in flight, a second close (new id, after the duplicate window) has nothing
        // left to close: without reduce_only it would open a short; with it, it is denied.
        clock.advance(.seconds(5))
        var second = order(.sell, "1", at: "100", id: "close-2")
        second.reduceOnly = true
        let denied = gate.submit(second).decision
        #expect(denied.deniedBy == ["order-validity"])
        #expect(
            denied.violations.first?.actual == "a reduce_only order must shrink the position; nothing is left to close"
        )
        // After the first close fills, the position is flat: a reduce-only close is still denied.
        try gate.commit(#require(permit), fill: Fill(quantity: d("1"), price: d("100")))
        clock.advance(.seconds(5))
        var third = order(.sell, "1", at: "100", id: "close-3")
        third.reduceOnly = true
        #expect(gate.submit(third).decision.deniedBy == ["order-validity"])
        #expect(gate.snapshot().positionQuantity(bot: "bot-1", symbol: "BTC/USDT") == .zero)
    }

    @Test func aSecondIdenticalCloseInsideTheDuplicateWindowIsDeniedEvenWithoutReduceOnly() throws {
        let clock = ManualClock()
        let gate = Gate(profile: try TestProfile.compile(accountType: .margin), clock: clock.function)
        try gate.fill(order(.buy, "1", at: "100"))
        clock.advance(.seconds(3))
        #expect(gate.submit(order(.sell, "1", at: "100")).decision.allowed)
        clock.advance(.seconds(1))
        #expect(gate.submit(order(.sell, "1", at: "100")).decision.deniedBy == ["duplicate-order"])
    }

    @Test func onASpotAccountASecondCloseWithoutReduceOnlyCannotOpenAShort() throws {
        let clock = ManualClock()
        let gate = Gate(profile: try TestProfile.compile(), clock: clock.function)
        try gate.fill(order(.buy, "1", at: "100"))
        clock.advance(.seconds(3))
        let (first, permit) = gate.submit(order(.sell, "1", at: "100", id: "close-1"))
        #expect(first.allowed)
        // The first close is still in flight: its reserved sell already promises the whole holding.
        clock.advance(.seconds(5))
        let second = gate.submit(order(.sell, "1", at: "100", id: "close-2")).decision
        #expect(second.deniedBy == ["order-validity"])
        #expect(
            second.violations.first?.message
                == "invalid order: no_short: the sell exceeds the held quantity 0; a spot account cannot go short"
        )
        try gate.commit(#require(permit), fill: Fill(quantity: d("1"), price: d("100")))
        clock.advance(.seconds(5))
        #expect(gate.check(order(.sell, "0.5", at: "100", id: "close-3")).deniedBy == ["order-validity"])
        #expect(gate.snapshot().positionQuantity(bot: "bot-1", symbol: "BTC/USDT") == .zero)
    }

    @Test func aSpotSellLargerThanTheHoldingNamesTheHeldQuantity() throws {
        let gate = Gate(profile: try TestProfile.compile(), clock: ManualClock().function)
        try gate.fill(order(.buy, "0.4", at: "100"))
        let decision = gate.check(order(.sell, "0.5", at: "100"))
        #expect(decision.deniedBy == ["order-validity"])
        #expect(decision.violations.first?.actual.contains("held quantity 0.4") == true)
        #expect(decision.violations.first?.limit == "0.4")
        #expect(gate.check(order(.sell, "0.4", at: "100")).allowed)
        let margin = Gate(profile: try TestProfile.compile(accountType: .margin), clock: ManualClock().function)
        #expect(margin.check(order(.sell, "0.5", at: "100")).allowed)
    }
}

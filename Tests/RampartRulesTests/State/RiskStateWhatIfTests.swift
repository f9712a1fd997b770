import RampartTestSupport
import Testing

@testable import RampartRules

/// A what-if that would create a bot, account, symbol or position (or rebuild a program) decides on a small state of
/// its own (`RiskState.whatIfParts`); its answer must equal a decision on a copy of the whole state.
@Suite struct RiskStateWhatIfTests {
    /// The decision on a copy of the whole state: what `evaluate` did before it had a small state.
    func wholeCopyDecision(
        _ order: Order,
        in state: RiskState,
        profile: CompiledProfile,
        at now: Timestamp
    )
        -> Decision
    {
        var copy = state
        return copy.decide(order, at: now, profile: profile, reserve: false).0
    }

    /// Everything a caller can read off a decision.
    func summary(_ decision: Decision) -> String {
        let violations = decision.violations.map { "\($0.rule) \($0.actual) \($0.limit) \($0.message)" }
        let warnings = decision.warnings.map { "\($0.rule) \($0.actual) \($0.limit)" }
        return "\(decision.allowed) \(decision.symbol) \(decision.time) \(String(describing: decision.effect)) "
            + "\(String(describing: decision.priceSource)) \(String(describing: decision.referencePrice)) "
            + "\(decision.profileHash) \(violations) \(warnings)"
    }

    /// Checks each probe against the whole-state decision, that it took the small state (`small`) or not, and that
    /// the gate's state did not change.
    func expectSameAnswers(
        _ gate: Gate,
        _ probes: [(order: Order, small: Bool, expect: String)],
        at now: Timestamp,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        let state = gate.snapshot()
        let profile = gate.profile
        for probe in probes {
            let scoped = state.whatIfParts(for: probe.order, profile: profile)
            #expect(
                (scoped != nil) == probe.small,
                "\(probe.order.bot) \(probe.order.symbol)",
                sourceLocation: sourceLocation
            )
            let decision = profile.evaluate(probe.order, in: state, at: now)
            let whole = wholeCopyDecision(probe.order, in: state, profile: profile, at: now)
            #expect(summary(decision) == summary(whole), sourceLocation: sourceLocation)
            #expect(summary(gate.check(probe.order)) == summary(whole), sourceLocation: sourceLocation)
            let answer = decision.allowed ? "allowed" : decision.deniedBy.joined(separator: ",")
            #expect(answer == probe.expect, "\(probe.order.bot) \(probe.order.symbol)", sourceLocation: sourceLocation)
        }
        let after = gate.snapshot()
        #expect(after.botNames == state.botNames && after.accountNames == state.accountNames)
        #expect(after.knownSymbols == state.knownSymbols)
    }

    @Test func newBotsSymbolsAndPositionsAnswerAsOnTheWholeState() throws {
        let clock = ManualClock()
        let gate = Gate(profile: try TestProfile.compile([.maxOpenTrades: .integer(1)]), clock: clock.function)
        try gate.fill(order(.buy, "1", at: "10", bot: "holder"))
        #expect(gate.submit(order(.buy, "1", at: "10", symbol: "ETH/USDT", bot: "pending", id: "seen")).permit != nil)
        gate.setTradingState(.halted, for: .bot("stopped"), reason: "test")
        gate.updateVenueRules(["XRP/USDT": SymbolRules(venueSymbol: "XRPUSDT", minNotional: d("50"))])
        clock.advance(.minutes(1))  // past the duplicate window of the orders above
        gate.updateQuotes([("SOL/USDT", Quote(bid: d("19.9"), ask: d("20.1"), time: clock.now))])
        var market = order(.buy, "1", at: "20", symbol: "SOL/USDT", bot: "newcomer", type: .market)
        market.referencePrice = nil
        expectSameAnswers(
            gate,
            [
                (order(.buy, "1", at: "10", bot: "holder"), false, "allowed"),
                (order(.buy, "1", at: "10", bot: "newcomer"), true, "allowed"),
                (market, true, "allowed"),
                (order(.buy, "1", at: "10", symbol: "XRP/USDT", bot: "newcomer"), true, "order-validity"),
                (order(.buy, "5", at: "12", symbol: "XRP/USDT", bot: "newcomer"), true, "allowed"),
                (order(.buy, "1", at: "20", symbol: "SOL/USDT", bot: "holder"), true, "max-open-trades"),
                (order(.sell, "1", at: "10", symbol: "NEW/USDT", bot: "holder"), true, "order-validity"),
                (order(.buy, "1", at: "10", symbol: "LUNA/USDT", bot: "stopped"), true, "trading-state,symbols"),
                (order(.buy, "1", at: "11", bot: "newcomer", id: "seen"), true, "duplicate-order"),
                (order(.buy, "1", at: "10", symbol: "ETH/USDT", bot: "pending"), false, "allowed"),
                (order(.buy, "100", at: "20", bot: "newcomer"), true, "max-order-quantity,max-order-notional"),
            ],
            at: clock.now
        )
    }

    @Test func aFullAccountAndAnotherAccountsBotAnswerAsOnTheWholeState() throws {
        let profile = try TestProfile.compileMainAndHedge([.maxBots: .integer(1)])
        let clock = ManualClock()
        let gate = Gate(profile: profile, clock: clock.function)
        var first = order(.buy, "1", at: "10", bot: "m1")
        first.account = "main"
        try gate.fill(first)
        gate.setTradingState(.halted, for: .account("hedge"), reason: "test")
        var elsewhere = order(.buy, "1", at: "10", symbol: "ETH/USDT", bot: "m1")
        elsewhere.account = "hedge"
        var second = order(.buy, "1", at: "10", bot: "m2")
        second.account = "main"
        var hedged = order(.buy, "1", at: "10", bot: "h1")
        hedged.account = "hedge"
        var undeclared = order(.buy, "1", at: "10", bot: "x1")
        undeclared.account = "nowhere"
        expectSameAnswers(
            gate,
            [
                (elsewhere, true, "order-validity"), (second, true, "order-validity"), (hedged, true, "trading-state"),
                (undeclared, true, "order-validity"),
            ],
            at: clock.now
        )
    }

    @Test func aReloadedProfileIsJudgedOnASmallStateUntilTheGateAdoptsIt() throws {
        let clock = ManualClock()
        let gate = Gate(profile: try TestProfile.compile(), clock: clock.function)
        try gate.fill(order(.buy, "1", at: "10", bot: "holder"))
        clock.advance(.minutes(1))
        #expect(gate.submit(order(.buy, "0.1", at: "10", bot: "holder")).decision.allowed)
        gate.replaceProfile(with: try TestProfile.compile([.maxOrderQuantity: .decimal(d("0.5"))]))
        expectSameAnswers(
            gate,
            [
                (order(.buy, "1", at: "10", bot: "holder"), true, "max-order-quantity"),
                (order(.buy, "0.5", at: "10", bot: "holder"), true, "allowed"),
                (order(.buy, "0.1", at: "10", bot: "holder"), true, "duplicate-order"),
            ],
            at: clock.now
        )
        #expect(gate.submit(order(.buy, "0.5", at: "10", bot: "holder")).decision.allowed)
        expectSameAnswers(
            gate,
            [(order(.buy, "1", at: "10", bot: "holder"), false, "max-order-quantity")],
            at: clock.now
        )
    }

    /// `Gate.check` decides a what-if on a small state it empties and uses again: emptied, a state must be what
    /// `RiskState()` makes, field by field (a field `empty()` missed would carry one check's bot into the next).
    /// The state emptied here is a gate's, with every kind of field filled.
    @Test func anEmptiedStateIsANewStateFieldByField() throws {
        let clock = ManualClock()
        let gate = Gate(profile: try TestProfile.compile(), clock: clock.function)
        try gate.fill(order(.buy, "1", at: "10", bot: "holder", id: "filled"))
        for quantity in ["0.1", "0.2", "0.3"] {  // the third decision of a program passes its fused checks
            let permit = try #require(gate.submit(order(.buy, quantity, at: "10", bot: "holder")).permit)
            try gate.release(permit)
        }
        #expect(gate.submit(order(.buy, "1", at: "10", symbol: "ETH/USDT", bot: "pending", id: "seen")).permit != nil)
        gate.setTradingState(.halted, for: .bot("stopped"), reason: "test")
        gate.setTradingState(.halted, for: .global, reason: "test")
        gate.updateVenueRules(["XRP/USDT": SymbolRules(venueSymbol: "XRPUSDT", minNotional: d("50"))])
        gate.updateQuotes([("SOL/USDT", Quote(bid: d("19.9"), ask: d("20.1"), time: clock.now))])
        #expect(!gate.submit(order(.buy, "1000", at: "10", bot: "holder")).decision.allowed)  // findings storage
        var state = gate.snapshot()
        let fresh = RiskState()
        let filled = Dictionary(
            uniqueKeysWithValues: Mirror(reflecting: state).children.map { ($0.label!, "\($0.value)") }
        )
        state.empty()
        let emptied = Mirror(reflecting: state).children
        let new = Dictionary(
            uniqueKeysWithValues: Mirror(reflecting: fresh).children.map { ($0.label!, "\($0.value)") }
        )
        #expect(emptied.count == new.count)
        for child in emptied {
            let label = child.label!
            if label == "positionByName" {
                // Keeps its slots (all marked empty); finds nothing.
                #expect(state.positionByName.count == 0)
                #expect(state.knownPosition(bot: "holder", symbol: "BTC/USDT") == nil)
                continue
            }
            #expect("\(child.value)" == new[label], "\(label): \(child.value)")
            // Each field was filled before, so a field `empty()` left alone would show above.
            if label != "orderRingCapacity" && label != "entryRingCapacity" && label != "orderSpan"
                && label != "entrySpan" && label != "reservations" && label != "freeReservation"
            {
                #expect(filled[label] != new[label], "\(label) was not filled before emptying: the test proves nothing")
            }
        }
    }

    /// Threads checking bots the gate has never seen at the same time share four spare states (and build their own
    /// when all four are taken): every answer is the one a new small state gives.
    @Test func concurrentChecksOfNewBotsAnswerAsOnANewState() async throws {
        let clock = ManualClock()
        let gate = Gate(profile: try TestProfile.compile(), clock: clock.function)
        try gate.fill(order(.buy, "1", at: "10", bot: "holder"))
        let state = gate.snapshot()
        let profile = gate.profile
        let mismatches = await withTaskGroup(of: Int.self) { group in
            for task in 0..<8 {
                group.addTask {
                    var wrong = 0
                    for index in 0..<300 {
                        let quantity = ["0.5", "1", "6", "100"][(task + index) % 4]
                        let probe = order(.buy, quantity, at: "10", symbol: "SOL/USDT", bot: "new-\(task)-\(index)")
                        let expected = profile.evaluate(probe, in: state, at: clock.now)
                        if summary(gate.check(probe)) != summary(expected) { wrong += 1 }
                    }
                    return wrong
                }
            }
            return await group.reduce(0, +)
        }
        #expect(mismatches == 0)
    }
}

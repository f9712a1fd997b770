import RampartTestSupport
import Testing

@testable import RampartRules

/// The fused checks (`FusedChecks`) stand in for the step loop when an order violates nothing. Debug builds run the
/// loop after every pass and stop the process if it finds a violated step, so these tests drive many orders over a
/// profile with two or three limits for every check (tighter shadow rules, looser caps) and a state that moves
/// through losses, open trades, rates and duplicates: any pass the loop disagrees with fails them.
@Suite struct FusedChecksTests {
    /// A literal-limit rule for `check`.
    static func rule(_ id: String, _ check: CheckKind, _ action: ViolationAction, _ limit: ParameterValue) -> RuleSpec {
        RuleSpec(id: id, check: check, action: action, limit: .literal(limit), location: TestProfile.here)
    }

    /// The seed rules plus a second (and for some checks a third) limit of every check the fused checks merge.
    static func rules() -> [RuleSpec] {
        TestProfile.seedRules() + [
            rule("quantity-soft", .maxOrderQuantity, .warn, .decimal(d("3"))),
            rule("quantity-cap", .maxOrderQuantity, .deny, .decimal(d("8"))),
            rule("notional-soft", .maxOrderNotional, .warn, .decimal(d("300"))),
            rule("collar-soft", .priceCollar, .warn, .percent(Percent(d("1")))),
            rule("position-soft", .maxPositionNotional, .warn, .decimal(d("1500"))),
            rule("exposure-soft", .maxGrossExposure, .warn, .decimal(d("4000"))),
            rule("open-trades-soft", .maxOpenTrades, .warn, .integer(2)),
            rule("daily-loss-soft", .maxDailyLoss, .warn, .percent(Percent(d("0.2")))),
            rule("daily-loss-wide", .maxDailyLoss, .warn, .percent(Percent(d("40")))),
            rule("drawdown-soft", .maxDrawdown, .warn, .percent(Percent(d("1")))),
            rule("duplicate-long", .duplicateOrder, .warn, .duration(.seconds(20))),
            rule("stale-soft", .stalePrice, .warn, .duration(.seconds(3))),
            rule("reference-soft", .referencePrice, .warn, .percent(Percent(d("0.5")))),
            rule("streak-soft", .lossStreak, .warn, .lossStreak(LossStreak(losses: 1, cooldown: .minutes(1)))),
            rule("burst", .orderRate, .warn, .rates([Rate(count: 4, window: .seconds(10))])),
            rule("trades-hourly", .tradeRate, .warn, .rates([Rate(count: 6, window: .hours(1))])),
        ]
    }

    /// Submits `count` random orders (fills some of them at a moved price, so the state takes losses and gains),
    /// and returns how many the fused checks passed, how many were allowed with warnings and how many were denied.
    /// `quoted`: every order needs the gate's own quote (`market_data.require: all`), else caller prices stand.
    static func drive(quoted: Bool, seed: UInt64, count: Int = 3_000) throws -> (fused: Int, warned: Int, denied: Int) {
        let clock = ManualClock()
        let changes: [ParameterKey: ParameterValue?] = [.marketRequire: .quoteRequirement(quoted ? .all : .none)]
        let gate = Gate(profile: try TestProfile.compile(changes, rules: rules()), clock: clock.function)
        var random = SplitMix64(seed: seed)
        let bots = ["a", "b", "c"]
        let symbols = ["BTC/USDT", "ETH/USDT", "SOL/USDT", "LUNA/USDT"]  // LUNA is denied by the symbol list
        var warned = 0
        var denied = 0
        for index in 0..<count {
            // A new UTC day every 150 orders: the daily-loss checks start again.
            clock.advance(
                index % 150 == 149
                    ? .days(1) : TimeSpan(nanoseconds: Int64.random(in: 0...4_000_000_000, using: &random))
            )
            // An operator stops bot "a" for a while now and then (the emergency stop), or sets it to reduce-only.
            if index % 500 == 200 {
                gate.setTradingState(index % 1000 == 200 ? .halted : .reducing, for: .bot("a"), reason: "test")
            }
            if index % 500 == 300 { gate.setTradingState(.active, for: .bot("a"), reason: "test") }
            let symbol = symbols[Int.random(in: 0..<symbols.count, using: &random)]
            // Few prices and quantities, so the same order comes again inside the duplicate windows; SOL trades
            // near 20, where quantities past the shadow quantity limit stay under the notional limits.
            let level = symbol == "SOL/USDT" ? d("20") : d("100")
            let price = try level.multiplied(by: d(["0.99", "1", "1.01"].randomElement(using: &random)!))
            if quoted && Bool.random(using: &random) {
                _ = gate.updateQuotes([(symbol, Quote(bid: price, ask: price, time: clock.now))])
            }
            let quantity = d(["0.5", "1", "2", "4", "6"].randomElement(using: &random)!)
            let limit = Bool.random(using: &random)
            let reference = try price.multiplied(by: d(["1", "1.004", "0.99", "1.03"].randomElement(using: &random)!))
            let candidate = Order(
                bot: bots[Int.random(in: 0..<bots.count, using: &random)],
                symbol: symbol,
                side: Bool.random(using: &random) ? .buy : .sell,
                type: limit ? .limit : .market,
                quantity: quantity,
                price: limit ? reference : nil,
                referencePrice: price,
                mode: Int.random(in: 0..<10, using: &random) == 0 ? .live : .paper
            )
            let (decision, permit) = gate.submit(candidate)
            if !decision.allowed { denied += 1 } else if decision.hasFindings { warned += 1 }
            guard let permit else { continue }
            if Int.random(in: 0..<3, using: &random) == 0 {
                try gate.release(permit)
            } else {
                // Filled 5 % either side of where it was judged: losses and gains for the loss checks.
                let move = d(["0.95", "1", "1.05"].randomElement(using: &random)!)
                let at = try (permit.reference ?? candidate.price ?? price).multiplied(by: move)
                try gate.commit(permit, fill: Fill(quantity: candidate.quantity, price: at))
            }
        }
        return (gate.snapshot().fusedPasses, warned, denied)
    }

    /// Caller prices (seeds 1–3) and the gate's own quotes, some of them stale (seeds 4 and 5).
    @Test(arguments: zip([false, false, false, true, true], [1, 2, 3, 4, 5] as [UInt64]))
    func fusedPassesAgreeWithTheSteps(quoted: Bool, seed: UInt64) throws {
        let (fused, warned, denied) = try Self.drive(quoted: quoted, seed: seed)
        // Each kind of answer happened, so the orders crossed the limits both ways.
        #expect(fused > 30)
        #expect(warned > 30)
        #expect(denied > 30)
    }

    /// The fused position-notional check compares against the limit multiplied out once (`positionNotionalScaled`):
    /// an order that brings the position exactly to the limit passes there, one that goes a unit past it does not.
    @Test func theFusedPositionNotionalHoldsItsBoundary() throws {
        let clock = ManualClock()
        let changes: [ParameterKey: ParameterValue?] = [
            .maxPositionNotional: .decimal(d("500")), .marketRequire: .quoteRequirement(.none),
        ]
        let gate = Gate(profile: try TestProfile.compile(changes), clock: clock.function)
        try gate.fill(order(.buy, "3", at: "100"))  // first decision: the program is marked
        clock.advance(.seconds(10))
        try gate.release(try #require(gate.submit(order(.buy, "0.5", at: "100")).permit))  // second: fused
        clock.advance(.seconds(10))
        #expect(gate.snapshot().fusedPasses == 0)
        // 3 held + 2 = 5 × 100 = 500: at the limit.
        Self.expectPositionBoundary(gate, clock, atLimit: order(.buy, "2", at: "100"), price: "100")
    }

    /// `atLimit` passes in the fused checks (their count goes from 0 to 1); then, with its reservation held, one unit
    /// more at `price` goes to the loop, which denies it by `max-position-notional`.
    static func expectPositionBoundary(_ gate: Gate, _ clock: ManualClock, atLimit: Order, price: String) {
        let first = gate.submit(atLimit)
        #expect(first.decision.allowed && !first.decision.hasFindings)
        #expect(gate.snapshot().fusedPasses == 1)
        clock.advance(.seconds(10))
        let past = gate.submit(order(.buy, "0.00000001", at: price))
        #expect(past.decision.deniedBy == ["max-position-notional"])
        #expect(gate.snapshot().fusedPasses == 1)
    }

    /// A position limit too large to multiply by 10^8 within 128 bits keeps the step's own exact comparison in the
    /// fused checks: an order at the limit passes there, one a unit past it is sent to the loop and denied.
    @Test func aPositionLimitPastTheScaledRangeIsStillChecked() throws {
        let clock = ManualClock()
        let changes: [ParameterKey: ParameterValue?] = [
            .maxPositionNotional: .decimal(d("10000000000000000000000000")),  // 10^25: × 10^8 is past 2^127
            .maxOrderQuantity: nil, .maxOrderNotional: nil, .maxGrossExposure: nil, .priceCollar: nil,
            .marketRequire: .quoteRequirement(.none),
        ]
        let gate = Gate(profile: try TestProfile.compile(changes), clock: clock.function)
        for quantity in ["1", "2"] {  // first decision marks the program, second fuses it
            try gate.release(try #require(gate.submit(order(.buy, quantity, at: "10000")).permit))
            clock.advance(.seconds(10))
        }
        // 10^21 × 10^4 = 10^25: at the limit.
        Self.expectPositionBoundary(
            gate,
            clock,
            atLimit: order(.buy, "1000000000000000000000", at: "10000"),
            price: "10000"
        )
    }

    /// A program is fused on its second decision in a mode and used from the third (a what-if's small state, which
    /// decides once, never fuses); the other mode waits for its own.
    @Test func aProgramIsFusedOnItsSecondDecisionInAMode() throws {
        let clock = ManualClock()
        let profile = try TestProfile.compile([.liveTrading: .bool(true), .marketRequire: .quoteRequirement(.none)])
        let gate = Gate(profile: profile, clock: clock.function)
        gate.setPromoted(true, bot: "bot-1")
        func decide(_ quantity: String, _ mode: TradingMode) throws -> Int {
            clock.advance(.seconds(10))
            let permit = try #require(gate.submit(order(.buy, quantity, at: "100", mode: mode)).permit)
            try gate.release(permit)
            return gate.snapshot().fusedPasses
        }
        #expect(try decide("0.1", .paper) == 0)
        #expect(try decide("0.2", .paper) == 0)
        #expect(try decide("0.3", .paper) == 1)
        #expect(try decide("0.4", .live) == 1)
        #expect(try decide("0.5", .live) == 1)
        #expect(try decide("0.6", .live) == 2)
        #expect(try decide("0.7", .paper) == 3)
    }
}

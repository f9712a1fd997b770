import RampartRules
import RampartTestSupport
import Testing

/// Orders, fills and clocks at the edges of what the types hold never stop the process: every overflow is an
/// answer (a denial, an error, a saturated value), never a trap. A trap would end the service for every bot on a
/// single request. Seeded, so a failure repeats.
@Suite struct ExtremeValuesTests {
    /// Decimals from one unit to the largest value, with both signs where a sign is allowed.
    static let magnitudes: [FixedDecimal] = [
        FixedDecimal(units: 1), d("0.5"), d("1"), d("60000"), d("10000000000"), d("1000000000000000000"),
        FixedDecimal(units: Int128.max / 3), FixedDecimal(units: Int128.max - 1), .max,
    ]
    /// Everyday values, so that most orders are allowed and their fills (at any of `magnitudes`) are booked.
    static let moderate: [FixedDecimal] = [d("0.001"), d("0.5"), d("1"), d("60000")]
    /// Times from the earliest timestamp to the latest.
    static let times: [Int64] = [.min, .min + 1, -1, 0, TestTime.start.nanoseconds, .max - 1, .max]

    /// A small deterministic generator (xorshift64*), so each run draws the same cases.
    struct Draw {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return state &* 2_685_821_657_736_338_717
        }
        mutating func pick<T>(_ values: [T]) -> T { values[Int(next() % UInt64(values.count))] }
        /// Mostly an everyday value, one time in four an extreme one.
        mutating func amount() -> FixedDecimal {
            next() % 4 == 0 ? pick(ExtremeValuesTests.magnitudes) : pick(ExtremeValuesTests.moderate)
        }
    }

    @Test(arguments: [1, 2, 3, 4])
    func ordersFillsAndClocksAtTheEdgesNeverTrap(seed: UInt64) throws {
        // The loss and exposure rules warn instead of denying or halting: they still compute on every order, and the
        // extreme fills' losses do not stop the orders after them.
        let warn: [CheckKind: ViolationAction] = [
            .maxDailyLoss: .warn, .maxDrawdown: .warn, .maxGrossExposure: .warn, .maxPositionNotional: .warn,
        ]
        let profile = try TestProfile.compile(
            [
                .maxOrderQuantity: .decimal(d("1000000000000000")), .maxOrderNotional: .decimal(d("1000000000000000")),
                .maxPositionNotional: .decimal(d("1000000000000000")),
                .maxGrossExposure: .decimal(d("1000000000000000")),
                .priceCollar: .percent(Percent(d("100000"))), .maxOpenTrades: .integer(Int.max),
                .orderRates: .rates([Rate(count: 100_000, window: .seconds(1))]),
                .tradeRates: .rates([Rate(count: 100_000, window: .seconds(1))]),
            ],
            actions: warn
        )
        let clock = ManualClock()
        let gate = Gate(profile: profile, clock: clock.function)
        var draw = Draw(state: seed &* 0x9E37_79B9_7F4A_7C15)
        var permits: [Permit] = []
        var booked = 0
        var reasons: [String: Int] = [:]
        for step in 0..<3_000 {
            clock.set(Timestamp(nanoseconds: draw.pick(Self.times)))
            if draw.next() % 5 == 0 {
                let price = draw.amount()
                let time = Timestamp(nanoseconds: draw.pick(Self.times))
                _ = gate.updateQuotes([("BTC/USDT", Quote(bid: price, ask: price, time: time))])
            }
            let type: OrderType = draw.next() % 2 == 0 ? .limit : .market
            let order = Order(
                bot: "bot-\(draw.next() % 3)",
                symbol: "BTC/USDT",
                side: draw.next() % 2 == 0 ? .buy : .sell,
                type: type,
                quantity: draw.amount(),
                price: type == .limit ? draw.amount() : nil,
                referencePrice: draw.next() % 3 == 0 ? nil : draw.amount(),
                clientOrderID: "id-\(seed)-\(step)"
            )
            _ = gate.check(order)
            let (decision, permit) = gate.submit(order)
            if let permit { permits.append(permit) }
            for rule in decision.ruleIDs { reasons[rule, default: 0] += 1 }
            if permit != nil { reasons["ALLOWED", default: 0] += 1 }
            guard !permits.isEmpty, draw.next() % 2 == 0 else { continue }
            let chosen = permits.remove(at: Int(draw.next() % UInt64(permits.count)))
            let fill = Fill(
                quantity: draw.next() % 2 == 0 ? chosen.order.quantity : FixedDecimal(units: 1),
                price: draw.pick(Self.magnitudes),
                fee: draw.next() % 2 == 0 ? .zero : draw.pick(Self.magnitudes)
            )
            let time = Timestamp(nanoseconds: draw.pick(Self.times))
            switch draw.next() % 3 {
            case 0: if (try? gate.commit(chosen, fill: fill, at: time)) != nil { booked += 1 }
            case 1: if (try? gate.commitPart(chosen, fill: fill, at: time)) != nil { booked += 1 }
            default: try? gate.release(chosen)
            }
        }
        // The draws reached the allowed path and booked fills, not only denials and refusals.
        #expect(booked > 100, "\(booked) fills booked \(reasons)")
        // Still answering: a plain order on a plain day.
        clock.set(TestTime.start)
        let state = gate.snapshot()
        _ = profile.evaluate(order(.buy, "0.1", at: "60000", bot: "fresh"), in: state, at: TestTime.start)
        _ = state.paperRecord(ofBot: "bot-0", now: TestTime.start, startingBalance: d("10000"))
    }
}

/// Limits near the top of the range are limits, not a closed gate: `max_position_notional` of 10^25 (its product
/// with one unit of 1e-8 passes 128 bits) allows an everyday order and denies one above it.
@Suite struct LargeLimitTests {
    @Test func aPositionNotionalLimitOfTenToTheTwentyFifthIsALimit() throws {
        let limit = try FixedDecimal(exactly: "10000000000000000000000000")
        let profile = try TestProfile.compile([
            .maxPositionNotional: .decimal(limit), .maxOrderQuantity: .decimal(.max),
            .maxOrderNotional: .decimal(.max), .maxGrossExposure: .decimal(.max),
            .priceCollar: .percent(Percent(d("100"))),
        ])
        let gate = Gate(profile: profile, clock: ManualClock().function)
        #expect(gate.check(order(.buy, "1", at: "60000")).allowed)
        let above = gate.check(order(.buy, "200000000000000000000", at: "60000"))
        #expect(above.deniedBy.contains("max-position-notional"), "\(above.deniedBy)")
    }
}

import RampartRules
import RampartTestSupport
import Testing

/// Bot-executed orders fill in parts: each fill books what it filled and keeps the rest reserved.
@Suite struct PartialFillTests {
    let clock = ManualClock()

    func gate(_ changes: [ParameterKey: ParameterValue?] = [:]) throws -> Gate {
        Gate(profile: try TestProfile.compile(changes), clock: clock.function)
    }

    @Test func eachPartBooksItsQuantityAndTheRestStaysReserved() throws {
        let gate = try gate()
        let permit = try #require(gate.submit(order(.buy, "4", at: "100")).permit)
        let first = try gate.commitPart(permit, fill: Fill(quantity: d("1.5"), price: d("100"), fee: d("0.1")))
        #expect(first.remaining == d("2.5"))
        #expect(gate.snapshot().positionQuantity(bot: "bot-1", symbol: "BTC/USDT") == d("1.5"))
        #expect(gate.snapshot().pendingQuantity(bot: "bot-1", symbol: "BTC/USDT") == d("2.5"))
        #expect(try gate.reservedQuantity(of: permit) == d("2.5"))
        let last = try gate.commitPart(permit, fill: Fill(quantity: d("2.5"), price: d("101")))
        #expect(last.remaining == .zero)
        #expect(gate.snapshot().positionQuantity(bot: "bot-1", symbol: "BTC/USDT") == d("4"))
        #expect(gate.snapshot().pendingQuantity(bot: "bot-1", symbol: "BTC/USDT") == .zero)
        // Settled: nothing is held any more.
        #expect(throws: GateError.unknownPermit) { try gate.release(permit) }
    }

    @Test func aFillAboveTheRestIsRefusedAndChangesNothing() throws {
        let gate = try gate()
        let permit = try #require(gate.submit(order(.buy, "2", at: "100")).permit)
        _ = try gate.commitPart(permit, fill: Fill(quantity: d("1.5"), price: d("100")))
        #expect(throws: GateError.exceedsReservation(remaining: d("0.5"))) {
            try gate.commitPart(permit, fill: Fill(quantity: d("0.6"), price: d("100")))
        }
        #expect(gate.snapshot().positionQuantity(bot: "bot-1", symbol: "BTC/USDT") == d("1.5"))
        #expect(gate.snapshot().pendingQuantity(bot: "bot-1", symbol: "BTC/USDT") == d("0.5"))
        try gate.release(permit)
        #expect(gate.snapshot().pendingQuantity(bot: "bot-1", symbol: "BTC/USDT") == .zero)
    }

    /// The reservation's pending open turns into an open position with the first part, never counted twice: with
    /// one open trade allowed, a second symbol is refused while the first is reserved or open, and allowed once
    /// the first position is closed.
    @Test func thePendingOpenBecomesTheOpenPositionOnce() throws {
        let gate = try gate([.maxOpenTrades: .integer(1)])
        let permit = try #require(gate.submit(order(.buy, "2", at: "100")).permit)
        #expect(gate.submit(order(.buy, "1", at: "10", symbol: "ETH/USDT")).decision.deniedBy == ["max-open-trades"])
        _ = try gate.commitPart(permit, fill: Fill(quantity: d("1"), price: d("100")))
        #expect(gate.check(order(.buy, "1", at: "10", symbol: "ETH/USDT")).deniedBy == ["max-open-trades"])
        try gate.release(permit)
        #expect(gate.check(order(.buy, "1", at: "10", symbol: "ETH/USDT")).deniedBy == ["max-open-trades"])
        try gate.fill(order(.sell, "1", at: "100"))
        #expect(gate.check(order(.buy, "1", at: "10", symbol: "ETH/USDT")).allowed)
    }

    /// The rest's exposure shrinks in proportion: after 3 of 4 at 100 fill, 100 of the 400 is still pending.
    @Test func theExposureOfTheRestShrinksInProportion() throws {
        let gate = try gate([.maxGrossExposure: .decimal(d("500"))])
        let permit = try #require(gate.submit(order(.buy, "4", at: "100")).permit)
        #expect(!gate.check(order(.buy, "1.01", at: "100", symbol: "ETH/USDT")).allowed)
        _ = try gate.commitPart(permit, fill: Fill(quantity: d("3"), price: d("100")))
        // 300 filled + 100 reserved: 100 more fits, 101 does not.
        #expect(gate.check(order(.buy, "1", at: "100", symbol: "ETH/USDT")).allowed)
        #expect(!gate.check(order(.buy, "1.01", at: "100", symbol: "ETH/USDT")).allowed)
    }
}

import RampartExecution
import RampartRules
import RampartTestSupport
import Testing

@Suite struct PaperExecutorTests {
    static func settings(
        low: String = "0.05",
        high: String = "0.2",
        reject: String = "0",
        fee: String = "0.1",
        seed: UInt64 = 42
    ) -> PaperSettings {
        PaperSettings(
            slippageLow: Percent(d(low)),
            slippageHigh: Percent(d(high)),
            rejectRate: Percent(d(reject)),
            fee: Percent(d(fee)),
            seed: seed
        )
    }

    static func permit(
        _ gate: Gate,
        _ side: Side,
        _ quantity: String = "1",
        reference: String = "100",
        type: OrderType = .market
    ) -> Permit? {
        let order = Order(
            bot: "bot-1",
            symbol: "BTC/USDT",
            side: side,
            type: type,
            quantity: d(quantity),
            price: type == .limit ? d(reference) : nil,
            referencePrice: d(reference),
            mode: .paper
        )
        return gate.submit(order).permit
    }

    /// A margin account: the tests sell from flat.
    static func gate() throws -> Gate {
        Gate(profile: try TestProfile.compile(accountType: .margin), clock: ManualClock().function)
    }

    @Test func splitMix64MatchesTheReferenceSequence() {
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(generator.next() == 0x06C4_5D18_8009_454F)
    }

    @Test func sameSeedGivesIdenticalFills() throws {
        let gate = try Self.gate()
        let permits = (0..<4).compactMap { index in Self.permit(gate, index % 2 == 0 ? .buy : .sell, "0.\(index + 1)") }
        #expect(permits.count == 4)
        let first = PaperExecutor(settings: Self.settings(reject: "20"))
        let second = PaperExecutor(settings: Self.settings(reject: "20"))
        #expect(permits.map(first.execute) == permits.map(second.execute))
    }

    @Test func slippageIsAgainstTheOrderAndWithinRange() throws {
        let gate = try Self.gate()
        guard let buy = Self.permit(gate, .buy, "0.1"),
            let sell = Self.permit(gate, .sell, "0.1", reference: "100.00000001")
        else {
            Issue.record("gate denied"); return
        }
        let executor = PaperExecutor(settings: Self.settings())
        for _ in 0..<2_000 {
            if case .fill(let fill) = executor.execute(buy) {
                #expect(fill.price >= d("100.05") && fill.price <= d("100.2"))
            } else {
                Issue.record("buy rejected")
            }
            if case .fill(let fill) = executor.execute(sell) {
                #expect(fill.price <= d("99.95000001") && fill.price >= d("99.8"))
            } else {
                Issue.record("sell rejected")
            }
        }
    }

    @Test func feeIsExact() throws {
        let gate = try Self.gate()
        guard let permit = Self.permit(gate, .buy, "2") else { Issue.record("gate denied"); return }
        let executor = PaperExecutor(settings: Self.settings(low: "0", high: "0", fee: "0.1"))
        #expect(
            executor.execute(permit)
                == .fill(Fill(quantity: d("2"), price: d("100"), fee: d("0.2"), priceSource: .caller))
        )
    }

    @Test func limitOrdersNeverFillBeyondTheirLimit() throws {
        let gate = try Self.gate()
        guard let permit = Self.permit(gate, .buy, "1", type: .limit) else { Issue.record("gate denied"); return }
        let executor = PaperExecutor(settings: Self.settings(low: "1", high: "1", fee: "0"))
        #expect(
            executor.execute(permit) == .fill(Fill(quantity: d("1"), price: d("100"), fee: .zero, priceSource: .caller))
        )
    }

    @Test func rejectionRateMatchesAnIndependentCount() throws {
        let gate = try Self.gate()
        guard let permit = Self.permit(gate, .buy, "0.1") else { Issue.record("gate denied"); return }
        let executor = PaperExecutor(settings: Self.settings(reject: "5", seed: 7))
        var rejected = 0
        for _ in 0..<10_000 { if case .reject = executor.execute(permit) { rejected += 1 } }
        // Independent count: the reference SplitMix64, first draw of each pair, scaled to 0..<10^10, below 5 × 10^8.
        var state: UInt64 = 7
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        var expected = 0
        for _ in 0..<10_000 {
            if next().multipliedFullWidth(by: 10_000_000_000).high < 500_000_000 { expected += 1 }
            _ = next()
        }
        #expect(rejected == expected)
        #expect((400...600).contains(rejected))
    }

    /// A gate holding a quote for BTC/USDT (bid 99, ask 101), so permits carry the market price.
    static func quotedGate(_ clock: ManualClock) throws -> Gate {
        let gate = Gate(profile: try TestProfile.compile(accountType: .margin), clock: clock.function)
        gate.updateQuotes([("BTC/USDT", Quote(bid: d("99"), ask: d("101"), time: clock.now))])
        return gate
    }

    static func limit(_ gate: Gate, _ side: Side, at price: String) -> Permit? {
        let order = Order(bot: "bot-1", symbol: "BTC/USDT", side: side, quantity: d("0.1"), price: d(price))
        return gate.submit(order).permit
    }

    @Test func marketOrdersFillAtTheAskOrBidNotAtTheCallersPrice() throws {
        let gate = try Self.quotedGate(ManualClock())
        // The caller says 100 and 99.5 (within the 1% tolerance); the book says bid 99, ask 101.
        let buy = try #require(Self.permit(gate, .buy, "0.1"))
        let sell = try #require(Self.permit(gate, .sell, "0.1", reference: "99.5"))
        let executor = PaperExecutor(settings: Self.settings(low: "0", high: "0", fee: "0"))
        #expect(executor.execute(buy) == .fill(Fill(quantity: d("0.1"), price: d("101"), priceSource: .market)))
        #expect(executor.execute(sell) == .fill(Fill(quantity: d("0.1"), price: d("99"), priceSource: .market)))
        // Slippage goes on top of the market, against the order.
        let slipping = PaperExecutor(settings: Self.settings(low: "1", high: "1", fee: "0"))
        #expect(slipping.execute(buy) == .fill(Fill(quantity: d("0.1"), price: d("102.01"), priceSource: .market)))
    }

    @Test func aMarketableLimitFillsAtTheBetterOfLimitAndMarket() throws {
        let gate = try Self.quotedGate(ManualClock())
        let executor = PaperExecutor(settings: Self.settings(low: "0", high: "0", fee: "0"))
        let buy = try #require(Self.limit(gate, .buy, at: "101.5"))
        #expect(executor.execute(buy) == .fill(Fill(quantity: d("0.1"), price: d("101"), priceSource: .market)))
        // With slippage the fill never goes past the limit.
        let slipping = PaperExecutor(settings: Self.settings(low: "1", high: "1", fee: "0"))
        #expect(slipping.execute(buy) == .fill(Fill(quantity: d("0.1"), price: d("101.5"), priceSource: .market)))
    }

    @Test func aLimitThatIsNotMarketableRestsAndFillsWhenAQuoteCrossesIt() throws {
        let clock = ManualClock()
        let gate = try Self.quotedGate(clock)
        let executor = PaperExecutor(settings: Self.settings(low: "0.5", high: "0.5", fee: "0.1"))
        // A buy at 100.5 under an ask of 101, a sell at 99.5 over a bid of 99: neither is marketable.
        let buy = try #require(Self.limit(gate, .buy, at: "100.5"))
        let sell = try #require(Self.limit(gate, .sell, at: "99.5"))
        #expect(executor.execute(buy) == .rest)
        #expect(executor.execute(sell) == .rest)
        #expect(executor.fillResting(buy, at: Quote(bid: d("100"), ask: d("100.6"), time: clock.now)) == nil)
        // The ask drops to 100.4: the resting buy fills at its limit, with the fee and no slippage.
        let crossed = Quote(bid: d("100.3"), ask: d("100.4"), time: clock.now)
        #expect(
            executor.fillResting(buy, at: crossed)
                == Fill(quantity: d("0.1"), price: d("100.5"), fee: d("0.01005"), priceSource: .market)
        )
        #expect(executor.fillResting(sell, at: crossed)?.price == d("99.5"))
    }

    @Test func withoutAQuoteEveryOrderFillsAtOnceAndSaysCaller() throws {
        let gate = try Self.gate()
        let executor = PaperExecutor(settings: Self.settings(low: "0", high: "0", fee: "0"))
        let limit = try #require(Self.permit(gate, .buy, "1", reference: "100", type: .limit))
        #expect(limit.priceSource == .caller)
        #expect(executor.execute(limit) == .fill(Fill(quantity: d("1"), price: d("100"), priceSource: .caller)))
    }
}

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
            if case .success(let fill) = executor.execute(buy) {
                #expect(fill.price >= d("100.05") && fill.price <= d("100.2"))
            } else {
                Issue.record("buy rejected")
            }
            if case .success(let fill) = executor.execute(sell) {
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
        #expect(executor.execute(permit) == .success(Fill(quantity: d("2"), price: d("100"), fee: d("0.2"))))
    }

    @Test func limitOrdersNeverFillBeyondTheirLimit() throws {
        let gate = try Self.gate()
        guard let permit = Self.permit(gate, .buy, "1", type: .limit) else { Issue.record("gate denied"); return }
        let executor = PaperExecutor(settings: Self.settings(low: "1", high: "1", fee: "0"))
        #expect(executor.execute(permit) == .success(Fill(quantity: d("1"), price: d("100"), fee: .zero)))
    }

    @Test func rejectionRateMatchesAnIndependentCount() throws {
        let gate = try Self.gate()
        guard let permit = Self.permit(gate, .buy, "0.1") else { Issue.record("gate denied"); return }
        let executor = PaperExecutor(settings: Self.settings(reject: "5", seed: 7))
        var rejected = 0
        for _ in 0..<10_000 { if case .failure = executor.execute(permit) { rejected += 1 } }
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
}

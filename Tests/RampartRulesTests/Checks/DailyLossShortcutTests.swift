import RampartTestSupport
import Testing

@testable import RampartRules

@Suite struct DailyLossShortcutTests {
    /// `dailyLossViolates` answers a day without losses on a positive equity without multiplying; over random days
    /// (gains, losses, zero and negative equity, a 0 % limit that profiles never compile) it gives exactly what the
    /// exact comparison `P&L × 100 ≤ −percent × equity` gives.
    @Test func theShortcutAgreesWithTheExactComparison() {
        var random = SplitMix64(seed: 34)
        var state = RiskState()
        state.accounts.append(AccountState(name: "a", startingBalance: FixedDecimal(10_000), day: 7))
        func units() -> Int128 {
            switch Int.random(in: 0..<6, using: &random) {
            case 0: return 0
            case 1: return Int128(Int.random(in: -2...2, using: &random))
            default: return Int128(Int64.random(in: -5_000_000_000_000...5_000_000_000_000, using: &random))
            }
        }
        var (violated, passed) = (0, 0)
        for _ in 0..<20_000 {
            state.accounts[0].dailyRealizedPnL = FixedDecimal(units: units())
            state.accounts[0].dayStartEquity = FixedDecimal(units: units())
            // 0 %, a hair above it, 5 % and 100 %, in 1e-8 units.
            let percent = Percent(
                FixedDecimal(units: [0, 1, 500_000_000, 10_000_000_000].randomElement(using: &random)!)
            )
            let facts = OrderFacts(
                bot: 0,
                account: 0,
                symbol: 0,
                position: 0,
                signedQuantity: 1,
                quantity: FixedDecimal(1),
                price: FixedDecimal(1),
                notional: FixedDecimal(1),
                effect: .opening,
                now: Timestamp(nanoseconds: 0),
                day: 7,
                modeBit: 1,
                referenceUnits: 0,
                priceSource: .caller,
                quoteAge: 0,
                needsQuote: false
            )
            let exact =
                FixedDecimal.compareProducts(
                    state.accounts[0].dailyRealizedPnL,
                    RiskState.hundredScaled,
                    percent.value.negated,
                    state.accounts[0].dayStartEquity
                ) <= 0
            #expect(state.dailyLossViolates(facts, percent) == exact)
            if exact { violated += 1 } else { passed += 1 }
        }
        #expect(violated > 1_000)
        #expect(passed > 1_000)
    }
}

import RampartTestSupport
import Testing

@testable import RampartRules

@Suite struct AccountStateTests {
    /// `equity` and `drawdown` are kept, not computed: after any write of the starting balance, the realized P&L or
    /// the peak, in any order and at any size (out of range included), they equal what their parts give.
    @Test func equityAndDrawdownFollowEveryWriteOfTheirParts() {
        var random = SplitMix64(seed: 21)
        var account = AccountState(name: "a", startingBalance: FixedDecimal(10_000), day: 1)
        func amount() -> FixedDecimal {
            switch Int.random(in: 0..<8, using: &random) {
            case 0: return FixedDecimal(units: Int128.max - Int128(Int.random(in: 0...3, using: &random)))
            case 1: return FixedDecimal(units: Int128.min + 1 + Int128(Int.random(in: 0...3, using: &random)))
            default:
                return FixedDecimal(
                    units: Int128(Int64.random(in: -2_000_000_000_000...2_000_000_000_000, using: &random))
                )
            }
        }
        var outOfRange = 0
        for _ in 0..<20_000 {
            switch Int.random(in: 0..<4, using: &random) {
            case 0: account.startingBalance = amount()
            case 1: account.realizedPnL = amount()
            case 2: account.peakEquity = amount()
            default: account.realizedPnL = (try? account.realizedPnL.adding(amount())) ?? account.realizedPnL
            }
            let equity = (try? account.startingBalance.adding(account.realizedPnL)) ?? account.startingBalance
            #expect(account.equity == equity)
            #expect(account.drawdown == (try? account.peakEquity.subtracting(equity)))
            if account.drawdown == nil { outOfRange += 1 }
        }
        #expect(outOfRange > 100)  // the out-of-range answer came up too
    }
}

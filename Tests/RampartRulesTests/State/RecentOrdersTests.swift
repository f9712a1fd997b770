import RampartTestSupport
import Testing

@testable import RampartRules

@Suite struct RecentOrdersTests {
    /// `holdsDuplicate` (the hot path's question) answers exactly when `duplicateAge` (the report's) finds an age,
    /// over random memories that repeat sides, quantities, prices and times, empty slots and future times included.
    @Test func holdsDuplicateAgreesWithDuplicateAge() {
        var random = SplitMix64(seed: 13)
        var found = 0
        for _ in 0..<20_000 {
            func any() -> RecentOrder {
                if Int.random(in: 0..<6, using: &random) == 0 { return .none }
                return RecentOrder(
                    side: Bool.random(using: &random) ? .buy : .sell,
                    quantity: Int128(Int.random(in: 1...3, using: &random)),
                    price: Int128(Int.random(in: 1...3, using: &random)),
                    time: Int64.random(in: 0...20, using: &random)
                )
            }
            let memory = RecentOrders(orders: (any(), any(), any(), any()))
            let order = any()
            let window = Int64.random(in: 0...12, using: &random)
            let age = memory.duplicateAge(of: order, window: window)
            #expect(memory.holdsDuplicate(of: order, window: window) == (age != nil))
            if age != nil { found += 1 }
        }
        #expect(found > 1_000)  // both answers came up often
    }
}

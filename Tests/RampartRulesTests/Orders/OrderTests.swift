import Testing

@testable import RampartRules

/// The order's four optional prices are packed (`OptionalPrices`); they must read back, compare and hash exactly as
/// four separate optionals would.
@Suite struct OrderTests {
    private func order(price: FixedDecimal? = nil, reference: FixedDecimal? = nil) -> Order {
        Order(
            bot: "b",
            symbol: "BTC/USDT",
            side: .buy,
            type: .limit,
            quantity: FixedDecimal(1),
            price: price,
            referencePrice: reference
        )
    }

    @Test func aCopyIsIndependentOfTheOrderItWasCopiedFrom() {
        let original = order(price: FixedDecimal(3), reference: FixedDecimal(4))
        var copy = original
        #expect(copy == original && copy.hashValue == original.hashValue)
        copy.bot = "other"
        copy.price = FixedDecimal(5)
        copy.clientOrderID = "c-1"
        #expect(original.bot == "b" && original.price == FixedDecimal(3) && original.clientOrderID == nil)
        #expect(copy.bot == "other" && copy.price == FixedDecimal(5) && copy.referencePrice == FixedDecimal(4))
        #expect(copy != original)
        // Equal fields in separate boxes are equal orders with equal hashes.
        var rebuilt = order(price: FixedDecimal(5), reference: FixedDecimal(4))
        rebuilt.bot = "other"
        rebuilt.clientOrderID = "c-1"
        #expect(rebuilt == copy && rebuilt.hashValue == copy.hashValue)
        #expect(MemoryLayout<Order>.size == MemoryLayout<Int>.size, "an order is one reference to its shared fields")
    }

    /// The digest and the validity an order settles when it is made must follow every later change, whether the
    /// change copies the shared box or writes the order's own.
    @Test func digestAndValidityFollowChanges() {
        let made = order(price: FixedDecimal(3))
        #expect(made.isWellFormed && made.positionDigest == PositionNameTable.digest(bot: "b", symbol: "BTC/USDT"))
        var changed = made  // shares the box: the first change copies it
        changed.quantity = FixedDecimal(0)
        #expect(!changed.isWellFormed && changed.validityProblem != nil)
        #expect(made.isWellFormed, "the order it was copied from keeps its own answers")
        changed.quantity = FixedDecimal(2)  // its own box now: changed in place
        changed.bot = "b2"
        changed.symbol = "ETH/USDT"
        #expect(changed.isWellFormed)
        #expect(changed.positionDigest == PositionNameTable.digest(bot: "b2", symbol: "ETH/USDT"))
        #expect(made.positionDigest == PositionNameTable.digest(bot: "b", symbol: "BTC/USDT"))
        // An order that never shared its box is changed in place, its settled answers included.
        var own = order(price: FixedDecimal(3))
        own.symbol = "ETH/USDT"
        #expect(own.positionDigest == PositionNameTable.digest(bot: "b", symbol: "ETH/USDT"))
        own.quantity = FixedDecimal(0)
        #expect(!own.isWellFormed)
    }

    /// The dry-run's one change per step (`setStep`) works the answers out again, in the order's own box and in a copy.
    @Test func aStepSetsTheFieldsAndTheirAnswers() {
        var step = order(price: FixedDecimal(3))
        let kept = step
        step.setStep(
            bot: "b2",
            account: "a2",
            symbol: "ETH/USDT",
            side: .sell,
            quantity: FixedDecimal(0),
            price: FixedDecimal(7),
            referencePrice: FixedDecimal(8),
            clientOrderID: "c-2"
        )
        #expect(step.bot == "b2" && step.account == "a2" && step.symbol == "ETH/USDT" && step.side == .sell)
        #expect(step.price == FixedDecimal(7) && step.referencePrice == FixedDecimal(8) && step.clientOrderID == "c-2")
        #expect(!step.isWellFormed && step.positionDigest == PositionNameTable.digest(bot: "b2", symbol: "ETH/USDT"))
        #expect(kept.isWellFormed && kept.bot == "b", "the order it shared a box with keeps its own")
        // Its own box now: changed in place.
        step.setStep(
            bot: "b3",
            account: "a3",
            symbol: "SOL/USDT",
            side: .buy,
            quantity: FixedDecimal(1),
            price: FixedDecimal(7),
            referencePrice: nil,
            clientOrderID: nil
        )
        #expect(step.isWellFormed && step.positionDigest == PositionNameTable.digest(bot: "b3", symbol: "SOL/USDT"))
        #expect(step.type == .limit && step.mode == .paper && step.referencePrice == nil)
    }

    @Test func ordersCopiedAcrossTasksKeepTheirOwnFields() async {
        let base = order(price: FixedDecimal(1))
        let changed = await withTaskGroup(of: Order.self) { group in
            for index in 0..<16 {
                group.addTask {
                    var mine = base
                    mine.quantity = FixedDecimal(index + 2)
                    return mine
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(changed.map(\.quantity)).count == 16)
        #expect(base.quantity == FixedDecimal(1))
    }

    @Test func pricesReadBackAsGiven() {
        let stop = FixedDecimal(units: -7)
        let order = Order(
            bot: "b",
            symbol: "BTC/USDT",
            side: .sell,
            quantity: FixedDecimal(2),
            price: FixedDecimal(3),
            referencePrice: nil,
            stopLoss: stop,
            takeProfit: FixedDecimal.zero
        )
        #expect(order.price == FixedDecimal(3))
        #expect(order.referencePrice == nil)
        #expect(order.stopLoss == stop, "a negative price is kept, so validity can refuse it")
        #expect(order.takeProfit == FixedDecimal.zero, "zero is a value, not an absent price")
    }

    @Test func settingAndClearingPrices() {
        var changed = order(price: FixedDecimal(5))
        changed.price = nil
        changed.referencePrice = FixedDecimal(4)
        #expect(changed.price == nil && changed.referencePrice == FixedDecimal(4))
        #expect(changed == order(reference: FixedDecimal(4)), "a cleared price compares equal to one never set")
        #expect(changed.hashValue == order(reference: FixedDecimal(4)).hashValue)
    }

    @Test func absentAndZeroDiffer() {
        #expect(order(price: nil) != order(price: .zero))
        #expect(
            order(price: FixedDecimal(1)) != order(reference: FixedDecimal(1)),
            "the slot matters, not just the value"
        )
        #expect(Set([order(price: nil), order(price: .zero), order(price: nil)]).count == 2)
    }

    @Test func zeroLimitPriceIsStillRefused() {
        #expect(order(price: .zero).validityProblem != nil)
        #expect(order(price: nil).validityProblem != nil, "a limit order needs a price")
    }
}

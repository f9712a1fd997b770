import RampartTestSupport
import Testing

@testable import RampartRules

/// The position index by names: digests verified against the names, growth, and name pairs that differ only in
/// where the bot ends.
@Suite struct PositionNameTableTests {
    @Test func splittingTheSameBytesDifferentlyGivesAnotherDigest() {
        #expect(
            PositionNameTable.digest(bot: "ab", symbol: "c/D") != PositionNameTable.digest(bot: "a", symbol: "bc/D")
        )
        #expect(PositionNameTable.digest(bot: "bot-1", symbol: "BTC/USDT") != 0)
        // Long names fold word by word, tails included.
        let long = String(repeating: "x", count: 64)
        #expect(
            PositionNameTable.digest(bot: long, symbol: "A/B")
                != PositionNameTable.digest(bot: long + "y", symbol: "A/B")
        )
    }

    @Test func everyInsertedPairIsFoundAfterGrowingAndCollisionsAreResolvedByTheNames() {
        var table = PositionNameTable()
        var names: [(String, String)] = []
        for bot in 0..<300 {
            for symbol in 0..<7 { names.append(("bot-\(bot)", "S\(symbol)/USDT")) }
        }
        for (index, pair) in names.enumerated() {
            table.insert(PositionNameTable.digest(bot: pair.0, symbol: pair.1), position: Int32(index))
        }
        #expect(table.count == names.count)
        for (index, pair) in names.enumerated() {
            let found = table.find(PositionNameTable.digest(bot: pair.0, symbol: pair.1)) { names[Int($0)] == pair }
            #expect(found == Int32(index))
        }
        #expect(table.find(PositionNameTable.digest(bot: "nobody", symbol: "S1/USDT")) { _ in true } == nil)
        // The same digest stored twice (a forced collision) is told apart by the names.
        var colliding = PositionNameTable()
        colliding.insert(42, position: 0)
        colliding.insert(42, position: 1)
        #expect(colliding.find(42) { $0 == 1 } == 1)
        #expect(colliding.find(42) { $0 == 0 } == 0)
    }

    @Test func theStateFindsEveryPositionByNameAfterThousandsOfBots() throws {
        var state = RiskState()
        let profile = try TestProfile.compile([.maxBots: .integer(5_000)])
        for bot in 0..<2_000 {
            for symbol in ["BTC/USDT", "ETH/USDT"] {
                _ = try state.book(
                    Fill(quantity: d("0.0\(bot % 9 + 1)"), price: d("10")),
                    side: .buy,
                    mode: .paper,
                    bot: "b\(bot)",
                    account: "default",
                    symbol: symbol,
                    at: TestTime.start,
                    profile: profile
                )
            }
        }
        #expect(state.positionKeys.count == 4_000)
        #expect(state.positionQuantity(bot: "b1999", symbol: "ETH/USDT") == d("0.02"))
        #expect(state.positionQuantity(bot: "b17", symbol: "BTC/USDT") == d("0.09"))
        #expect(state.positionQuantity(bot: "b2000", symbol: "BTC/USDT") == .zero)
        // A known bot and symbol decide through the table: an order sees the held position.
        let sell = profile.evaluate(order(.sell, "0.02", at: "10", bot: "b1999"), in: state, at: TestTime.start)
        #expect(sell.allowed && sell.effect == .reducing)
    }
}

import RampartReplay
import RampartRules
import Testing

// Expected values were worked out independently with Python's decimal module (prec 100) on the raw JSON
// (json.load(..., parse_float=str)): each value quantized ROUND_HALF_EVEN to 1e-8; fee =
// round8(round8(amount) × round8(rate) × round8(fee_ratio)); fills sorted by (time, strategy, trade, entry/exit).
// Rounded values counted over starting_balance and every trade's amount, open_rate, fee_open, close_rate, fee_close.
struct FreqtradeReaderTests {
    let path = TestFiles.shared("freqtrade/backtest-result.json")

    @Test func backtestResultGivesTwoFillsPerRoundTripInTimeOrder() throws {
        let (info, fills, rounded, bots) = try TestFiles.readAll(path)
        #expect(info.format == .freqtrade)
        #expect(info.bots == ["StrategyTestV3"])
        #expect(bots == ["StrategyTestV3"])
        #expect(fills.count == 358)
        #expect(rounded == 353)
        #expect(zip(fills, fills.dropFirst()).allSatisfy { $0.time <= $1.time })
        #expect(fills.filter { $0.side == .buy }.count == 179)
    }

    @Test func firstFillIsTheRoundedTRXEntryWithAnExactFee() throws {
        let fills = try TestFiles.readAll(path).fills
        let first = try #require(fills.first)
        #expect(first.time == Timestamp(milliseconds: 1_515_568_500_000))
        #expect(first.bot == "StrategyTestV3")
        #expect(first.symbol == "TRX/BTC")
        #expect(first.side == .buy)
        #expect(first.quantity == (try FixedDecimal(exactly: "10.37344398")))
        #expect(first.price == (try FixedDecimal(exactly: "0.0000964")))
        #expect(first.fee == (try FixedDecimal(exactly: "0.0000025")))
        #expect(first.clientOrderID == nil)
        #expect(first.location == .jsonPath("$.strategy.StrategyTestV3.trades[0]"))
        let last = try #require(fills.last)
        #expect(last.symbol == "TRX/BTC" && last.side == .sell)
        #expect(last.quantity == (try FixedDecimal(exactly: "11.19319454")))
        #expect(last.price == (try FixedDecimal(exactly: "0.000088")))
        #expect(last.fee == (try FixedDecimal(exactly: "0.00000246")))
    }

    @Test func totalsOfFeesAndQuantitiesMatchIndependentArithmetic() throws {
        let fills = try TestFiles.readAll(path).fills
        var fees = FixedDecimal.zero
        var quantities = FixedDecimal.zero
        for fill in fills {
            fees = try fees.adding(fill.fee)
            quantities = try quantities.adding(fill.quantity)
        }
        #expect(fees == (try FixedDecimal(exactly: "0.00089728")))
        #expect(quantities == (try FixedDecimal(exactly: "3233.7413553")))
    }

    @Test func startingBalanceAndStakeCurrencyComeFromTheStrategy() throws {
        let info = try TestFiles.readAll(path).info
        #expect(info.startingBalance == (try FixedDecimal(exactly: "0.01")))
        #expect(info.quoteCurrency == "BTC")
    }

    @Test func multiStrategyFileGivesOneBotPerStrategy() throws {
        let multi = TestFiles.shared("freqtrade/backtest-result_multistrat.json")
        let (info, fills, rounded, _) = try TestFiles.readAll(multi)
        #expect(info.bots == ["StrategyTestV2", "TestStrategy"])
        #expect(fills.count == 716)
        #expect(rounded == 706)
        for bot in info.bots {
            let own = fills.filter { $0.bot == bot }
            #expect(own.filter { $0.side == .buy }.count == 179)
            #expect(own.filter { $0.side == .sell }.count == 179)
        }
        let picked = try TestFiles.readAll(multi, bot: "TestStrategy")
        #expect(picked.info.bots == ["TestStrategy"])
        #expect(picked.fills.count == 358)
        #expect(picked.botsSeen == ["StrategyTestV2", "TestStrategy"])
    }

    @Test func unknownStrategyIsAnError() throws {
        #expect {
            _ = try TestFiles.readAll(path, bot: "Nope")
        } throws: { error in
            (error as? TradeReadError)?.message.contains("no strategy 'Nope'") == true
        }
    }
}

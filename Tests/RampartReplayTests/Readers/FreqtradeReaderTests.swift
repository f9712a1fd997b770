import RampartReplay
import RampartRules
import Testing

// The fixture backtest results (Scripts/generate-fixtures). Expected values come from the `input` section of
// Scripts/expected-dry-run.py, which works with Python's decimal module on the raw JSON: each value quantized
// ROUND_HALF_EVEN to 1e-8; fee = round8(round8(amount) × round8(rate) × round8(fee_ratio)); fills sorted by (time,
// strategy, trade, entry/exit); rounded values counted over starting_balance and every trade's amount, open_rate,
// fee_open, close_rate, fee_close. Commands run from the package root.
struct FreqtradeReaderTests {
    let path = TestFiles.fixture("freqtrade/backtest-result.json")

    @Test func backtestResultGivesTwoFillsPerRoundTripInTimeOrder() throws {
        // Scripts/expected-dry-run.py Tests/RampartReplayTests/Fixtures/freqtrade/backtest-result.json: input
        let (info, fills, rounded, bots) = try TestFiles.readAll(path)
        #expect(info.format == .freqtrade)
        #expect(info.bots == ["RandomWalkV3"])
        #expect(bots == ["RandomWalkV3"])
        #expect(fills.count == 360)
        #expect(rounded == 254)
        #expect(zip(fills, fills.dropFirst()).allSatisfy { $0.time <= $1.time })
        #expect(fills.filter { $0.side == .buy }.count == 180)
    }

    @Test func firstFillIsTheRoundedETHEntryWithAnExactFee() throws {
        // Scripts/expected-dry-run.py Tests/RampartReplayTests/Fixtures/freqtrade/backtest-result.json:
        // input.first, input.last
        let fills = try TestFiles.readAll(path).fills
        let first = try #require(fills.first)
        #expect(first.time == Timestamp(milliseconds: 1_738_544_700_000))
        #expect(first.bot == "RandomWalkV3")
        #expect(first.symbol == "ETH/BTC")
        #expect(first.side == .buy)
        #expect(first.quantity == (try FixedDecimal(exactly: "0.03249919")))
        #expect(first.price == (try FixedDecimal(exactly: "0.03077")))
        #expect(first.fee == (try FixedDecimal(exactly: "0.0000025")))
        #expect(first.clientOrderID == nil)
        #expect(first.location == .jsonPath("$.strategy.RandomWalkV3.trades[0]"))
        let last = try #require(fills.last)
        #expect(last.time == Timestamp(milliseconds: 1_740_146_400_000))
        #expect(last.symbol == "LINK/BTC" && last.side == .sell)
        #expect(last.quantity == (try FixedDecimal(exactly: "4.70366886")))
        #expect(last.price == (try FixedDecimal(exactly: "0.0002162")))
        #expect(last.fee == (try FixedDecimal(exactly: "0.00000254")))
    }

    @Test func totalsOfFeesAndQuantitiesMatchIndependentArithmetic() throws {
        // Scripts/expected-dry-run.py Tests/RampartReplayTests/Fixtures/freqtrade/backtest-result.json:
        // input.fees, input.quantities
        let fills = try TestFiles.readAll(path).fills
        var fees = FixedDecimal.zero
        var quantities = FixedDecimal.zero
        for fill in fills {
            fees = try fees.adding(fill.fee)
            quantities = try quantities.adding(fill.quantity)
        }
        #expect(fees == (try FixedDecimal(exactly: "0.00090045")))
        #expect(quantities == (try FixedDecimal(exactly: "18406.50437872")))
    }

    @Test func startingBalanceAndStakeCurrencyComeFromTheStrategy() throws {
        let info = try TestFiles.readAll(path).info
        #expect(info.startingBalance == (try FixedDecimal(exactly: "0.01")))
        #expect(info.quoteCurrency == "BTC")
    }

    @Test func multiStrategyFileGivesOneBotPerStrategy() throws {
        // Scripts/expected-dry-run.py --strategy RandomWalkV2 (then RandomWalkTight) \
        //     Tests/RampartReplayTests/Fixtures/freqtrade/backtest-result_multistrat.json: input.fills 340 (380),
        //     input.rounded_values 242 (274)
        let multi = TestFiles.fixture("freqtrade/backtest-result_multistrat.json")
        let (info, fills, rounded, _) = try TestFiles.readAll(multi)
        #expect(info.bots == ["RandomWalkV2", "RandomWalkTight"])
        #expect(fills.count == 340 + 380)
        #expect(rounded == 242 + 274)
        for (bot, trades) in [("RandomWalkV2", 170), ("RandomWalkTight", 190)] {
            let own = fills.filter { $0.bot == bot }
            #expect(own.filter { $0.side == .buy }.count == trades)
            #expect(own.filter { $0.side == .sell }.count == trades)
        }
        let picked = try TestFiles.readAll(multi, bot: "RandomWalkTight")
        #expect(picked.info.bots == ["RandomWalkTight"])
        #expect(picked.fills.count == 380)
        #expect(picked.rounded == 274)
        #expect(picked.botsSeen == ["RandomWalkV2", "RandomWalkTight"])
    }

    @Test func unknownStrategyIsAnError() throws {
        #expect {
            _ = try TestFiles.readAll(path, bot: "Nope")
        } throws: { error in
            (error as? TradeReadError)?.message.contains("no strategy 'Nope'") == true
        }
    }
}

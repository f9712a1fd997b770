import RampartReplay
import RampartRules
import Testing

// The freqtrade and CCXT files of ../shared/data, read as the readers read them. Expected values come from
// Scripts/expected-dry-run.py (its `input` section) over those files, and agree with the Python decimal working
// these tests had before: each value quantized ROUND_HALF_EVEN to 1e-8; fee =
// round8(round8(amount) × round8(rate) × round8(fee_ratio)); fills sorted by (time, strategy, trade, entry/exit).
@Suite(.enabled(if: SharedData.isPresent, "../shared/data is not beside this checkout"))
struct SharedDataReaderTests {
    let freqtrade = SharedData.path("freqtrade/backtest-result.json")
    let ccxt = SharedData.path("ccxt/binance-mytrades-unified.json")

    @Test func backtestResultGivesTwoFillsPerRoundTripInTimeOrder() throws {
        // Scripts/expected-dry-run.py ../shared/data/freqtrade/backtest-result.json: input
        let (info, fills, rounded, bots) = try TestFiles.readAll(freqtrade)
        #expect(info.format == .freqtrade)
        #expect(info.bots == ["StrategyTestV3"])
        #expect(bots == ["StrategyTestV3"])
        #expect(fills.count == 358)
        #expect(rounded == 353)
        #expect(zip(fills, fills.dropFirst()).allSatisfy { $0.time <= $1.time })
        #expect(fills.filter { $0.side == .buy }.count == 179)
    }

    @Test func firstFillIsTheRoundedTRXEntryWithAnExactFee() throws {
        // Scripts/expected-dry-run.py ../shared/data/freqtrade/backtest-result.json: input.first, input.last
        let fills = try TestFiles.readAll(freqtrade).fills
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
        // Scripts/expected-dry-run.py ../shared/data/freqtrade/backtest-result.json: input.fees, input.quantities
        let fills = try TestFiles.readAll(freqtrade).fills
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
        let info = try TestFiles.readAll(freqtrade).info
        #expect(info.startingBalance == (try FixedDecimal(exactly: "0.01")))
        #expect(info.quoteCurrency == "BTC")
    }

    @Test func multiStrategyFileGivesOneBotPerStrategy() throws {
        // Scripts/expected-dry-run.py --strategy StrategyTestV2 (and TestStrategy)
        //     ../shared/data/freqtrade/backtest-result_multistrat.json: input.fills 358, input.rounded_values 353 each
        let multi = SharedData.path("freqtrade/backtest-result_multistrat.json")
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

    @Test func sniffsEachRealFileFormat() throws {
        #expect(try TradeReader.sniff(path: ccxt) == .ccxt)
        #expect(try TradeReader.sniff(path: freqtrade) == .freqtrade)
    }

    @Test func ccxtAndFreqtradeFilesGiveTheSameFills() throws {
        let fromCCXT = try TestFiles.readAll(ccxt)
        let fromFreqtrade = try TestFiles.readAll(freqtrade).fills
        #expect(fromCCXT.info.bots == ["ccxt"])
        #expect(fromCCXT.fills.count == 358)
        // Scripts/expected-dry-run.py --format ccxt ../shared/data/ccxt/binance-mytrades-unified.json: 358 amounts,
        // 358 prices and 10 fee costs have more than 8 decimals.
        #expect(fromCCXT.rounded == 726)
        let tolerance = FixedDecimal(units: 1)
        for (index, (left, right)) in zip(fromCCXT.fills, fromFreqtrade).enumerated() {
            #expect(left.time == right.time, "fill \(index)")
            #expect(left.symbol == right.symbol, "fill \(index)")
            #expect(left.side == right.side, "fill \(index)")
            #expect(left.quantity == right.quantity, "fill \(index)")
            #expect(left.price == right.price, "fill \(index)")
            #expect(try left.fee.subtracting(right.fee).magnitude <= tolerance, "fill \(index)")
        }
    }
}

import Foundation
import RampartReplay
import RampartRules
import Testing

struct CCXTReaderTests {
    let path = TestFiles.fixture("ccxt/mytrades-unified.json")

    @Test func sniffsEachFormat() throws {
        #expect(try TradeReader.sniff(path: path) == .ccxt)
        #expect(try TradeReader.sniff(path: TestFiles.fixture("freqtrade/backtest-result.json")) == .freqtrade)
        #expect(try TradeReader.sniff(path: TestFiles.fixture("csv/trades.csv")) == .csv)
        let csv = try TestFiles.write("time,bot,symbol,side,quantity,price,fee\n")
        #expect(try TradeReader.sniff(path: csv) == .csv)
    }

    @Test func ccxtCSVAndFreqtradeFilesGiveTheSameFills() throws {
        let ccxt = try TestFiles.readAll(path)
        let freqtrade = try TestFiles.readAll(TestFiles.fixture("freqtrade/backtest-result.json")).fills
        let csv = try TestFiles.readAll(TestFiles.fixture("csv/trades.csv"))
        #expect(ccxt.info.bots == ["ccxt"])
        #expect(ccxt.fills.count == 360)
        // Scripts/expected-dry-run.py --format ccxt Tests/RampartReplayTests/Fixtures/ccxt/mytrades-unified.json:
        // input.rounded_values (amounts and prices; the fee costs have at most 8 decimals).
        #expect(ccxt.rounded == 433)
        #expect(csv.fills.count == 360)
        #expect(csv.rounded == 0)  // the CSV holds the values already rounded
        #expect(csv.botsSeen == ["RandomWalkV3"])
        #expect(csv.fills.first?.clientOrderID == "RandomWalkV3-0e")
        for (index, (left, right)) in zip(ccxt.fills, freqtrade).enumerated() {
            #expect(left.time == right.time, "fill \(index)")
            #expect(left.symbol == right.symbol, "fill \(index)")
            #expect(left.side == right.side, "fill \(index)")
            #expect(left.quantity == right.quantity, "fill \(index)")
            #expect(left.price == right.price, "fill \(index)")
            #expect(left.fee == right.fee, "fill \(index)")
        }
        for (index, (left, right)) in zip(csv.fills, freqtrade).enumerated() {
            #expect(left.time == right.time, "fill \(index)")
            #expect(left.bot == right.bot, "fill \(index)")
            #expect(left.symbol == right.symbol, "fill \(index)")
            #expect(left.side == right.side, "fill \(index)")
            #expect(left.quantity == right.quantity, "fill \(index)")
            #expect(left.price == right.price, "fill \(index)")
            #expect(left.fee == right.fee, "fill \(index)")
        }
    }

    @Test func botNameComesFromTheOption() throws {
        let named = try TestFiles.readAll(path, bot: "binance-1")
        #expect(named.info.bots == ["binance-1"])
        #expect(named.fills.allSatisfy { $0.bot == "binance-1" })
    }

    static let base =
        #"{"timestamp": 1515568500000, "symbol": "ETH/USDT", "side": "buy", "price": "2000.5", "amount": 0.5, "fee": FEE}"#

    @Test func feeInTheBaseCurrencyIsConvertedAtThePrice() throws {
        let text = "[" + Self.base.replacingOccurrences(of: "FEE", with: #"{"cost": 0.0005, "currency": "ETH"}"#) + "]"
        let fill = try #require(
            try TestFiles.readAll(try TestFiles.write(text, name: "t.json"), format: .ccxt).fills.first
        )
        #expect(fill.fee == (try FixedDecimal(exactly: "1.00025")))  // 0.0005 × 2000.5
        #expect(fill.price == (try FixedDecimal(exactly: "2000.5")))  // decimal given as a string
        let noFee = "[" + Self.base.replacingOccurrences(of: "FEE", with: "null") + "]"
        #expect(
            try TestFiles.readAll(try TestFiles.write(noFee, name: "t.json"), format: .ccxt).fills.first?.fee == .zero
        )
    }

    @Test(arguments: [
        (#"{"cost": 1, "currency": "BNB"}"#, "$[0].fee.currency: fee in BNB for ETH/USDT"),
        (#"{"cost": -1, "currency": "USDT"}"#, "$[0].fee.cost: must not be negative"),
    ])
    func feeProblemsAreErrorsAtTheirPath(fee: String, expected: String) throws {
        let text = "[" + Self.base.replacingOccurrences(of: "FEE", with: fee) + "]"
        let path = try TestFiles.write(text, name: "t.json")
        #expect {
            _ = try TestFiles.readAll(path, format: .ccxt)
        } throws: { error in
            (error as? TradeReadError)?.description.hasPrefix("\(path): error: \(expected)") == true
        }
    }

    @Test(arguments: [
        ("[{\"timestamp\": 1,", "2:0"),
        (
            "[" + base.replacingOccurrences(of: "\"amount\": 0.5, ", with: "") + "]",
            "$[0].amount: missing field 'amount'"
        ),
        (
            "[" + base.replacingOccurrences(of: "\"amount\": 0.5", with: "\"amount\": -0.5") + "]",
            "$[0].amount: must be greater than zero"
        ),
        ("[" + base.replacingOccurrences(of: "\"buy\"", with: "1") + "]", "$[0].side: expected a string, found number"),
        (
            "[" + base.replacingOccurrences(of: "ETH/USDT", with: "BTC/USDT:USDT") + "]",
            "$[0].symbol: unknown symbol format"
        ),
        (
            "[" + base + "," + base.replacingOccurrences(of: "1515568500000", with: "1515568499999") + "]",
            "$[1].timestamp: time goes backwards: 2018-01-10T07:14:59.999Z is before 2018-01-10T07:15:00Z"
        ),
        (
            "[" + base.replacingOccurrences(of: "1515568500000", with: "1515568500000.5") + "]",
            "$[0].timestamp: '1515568500000.5' is not a whole number of milliseconds"
        ),
    ])
    func badTradesAreErrorsWithTheirPath(text: String, expected: String) throws {
        let path = try TestFiles.write(text.replacingOccurrences(of: "FEE", with: "null"), name: "t.json")
        #expect {
            _ = try TestFiles.readAll(path, format: .ccxt)
        } throws: { error in
            let description = (error as? TradeReadError)?.description ?? ""
            return expected == "2:0"
                ? description.hasPrefix("\(path):1:18: error: unexpected end of input")
                : description.hasPrefix("\(path): error: \(expected)")
        }
    }
}

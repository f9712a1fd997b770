import Foundation
import RampartReplay
import RampartRules
import Testing

/// Input the replay cannot take: a clear error with its location, and no output file left behind.
struct BadInputTests {
    static let good = "2026-01-05T09:00:00Z,bot-1,BTC/USDT,buy,1,100,0"

    static let cases: [(name: String, text: String, fileName: String, message: String)] = [
        ("truncated JSON", #"{"strategy": {"S": {"trades": [{"pair": "ETH/BTC", "#, "trades.json", "trades.json:1:"),
        (
            "missing field", csv([good, "2026-01-05T10:00:00Z,bot-1,BTC/USDT,sell,1,100"]), "trades.csv",
            "trades.csv:3: error:"
        ),
        (
            "negative quantity", csv([good, "2026-01-05T10:00:00Z,bot-1,BTC/USDT,sell,-1,100,0"]), "trades.csv",
            "trades.csv:3: error: field 'quantity'"
        ),
        (
            "unsorted times", csv([good, "2026-01-05T08:00:00Z,bot-1,BTC/USDT,sell,1,100,0"]), "trades.csv",
            "trades.csv:3: error:"
        ),
        (
            "unknown symbol format", csv([good, "2026-01-05T10:00:00Z,bot-1,BTCUSDT,sell,1,100,0"]), "trades.csv",
            "trades.csv:3: error: field 'symbol'"
        ),
        (
            "mixed quote currencies", csv([good, "2026-01-05T10:00:00Z,bot-1,ETH/BTC,buy,1,0.05,0"]), "trades.csv",
            "trades.csv:3: error: symbol 'ETH/BTC' is quoted in BTC, but the replay is in USDT"
        ),
        (
            "crossing through flat", csv([good, "2026-01-05T10:00:00Z,bot-1,BTC/USDT,sell,2,100,0"]), "trades.csv",
            "trades.csv:3: error: the sell of 2 BTC/USDT for bot 'bot-1' crosses through flat"
        ),
    ]

    @Test(arguments: cases.indices) func badInputIsAnErrorWithItsLocationAndLeavesNoFile(_ index: Int) throws {
        let example = Self.cases[index]
        let scratch = try ReplayScratch()
        let trades = try scratch.write(example.text, name: example.fileName)
        let profile = try ReplayProfile.compile(checks: [.tradingState])
        do {
            _ = try DryRun.run(scratch.options(profile, trades: trades))
            Issue.record("\(example.name): no error")
        } catch {
            #expect(error.description.contains(example.message), "\(example.name): \(error)")
        }
        #expect(try scratch.contents() == [example.fileName], "\(example.name)")
    }

    /// 6,000 round trips (12,000 good rows, three batches of the replay's stages and more) before `last`.
    static func longFile(then last: [String]) -> String {
        var rows: [String] = []
        for trip in 0..<6000 {
            let time = Timestamp(nanoseconds: 1_767_600_000_000_000_000 + Int64(trip) * 2_000_000_000)
            let later = Timestamp(nanoseconds: time.nanoseconds + 1_000_000_000)
            rows.append("\(time),bot-\(trip % 3),BTC/USDT,buy,0.001,100,0")
            rows.append("\(later),bot-\(trip % 3),BTC/USDT,sell,0.001,101,0")
        }
        return csv(rows + last)
    }

    static let lateCases: [(name: String, rows: [String], message: String)] = [
        ("missing field", ["2026-01-06T00:00:00Z,bot-1,BTC/USDT,buy,1,100"], "trades.csv:12002: error: field 'fee'"),
        (
            "crossing through flat",
            ["2026-01-06T00:00:00Z,bot-1,BTC/USDT,buy,1,100,0", "2026-01-06T00:00:01Z,bot-1,BTC/USDT,sell,2,100,0"],
            "trades.csv:12003: error: the sell of 2 BTC/USDT for bot 'bot-1' crosses through flat"
        ),
        (
            // The baseline books a fill before the gate sees it: its overflow is the error, not the gated fill's.
            "overflow in the baseline",
            ["2026-01-06T00:00:00Z,bot-1,BTC/USDT,buy,10000000000000000000000,100000000000000000000,0"],
            "trades.csv:12002: error: cannot book the fill: fill rejected: arithmetic overflow"
        ),
    ]

    @Test(arguments: lateCases.indices) func badInputAfterManyBatchesIsStillTheFirstError(_ index: Int) throws {
        let example = Self.lateCases[index]
        let scratch = try ReplayScratch()
        let trades = try scratch.write(Self.longFile(then: example.rows))
        let profile = try ReplayProfile.compile(checks: [.tradingState])
        do {
            _ = try DryRun.run(scratch.options(profile, trades: trades))
            Issue.record("\(example.name): no error")
        } catch {
            #expect(error.description.contains(example.message), "\(example.name): \(error)")
        }
        #expect(try scratch.contents() == ["trades.csv"], "\(example.name)")
    }

    @Test func profileCurrencyMustMatchTheFills() throws {
        let scratch = try ReplayScratch()
        let trades = try scratch.write(csv([Self.good]))
        let profile = try ReplayProfile.compile(checks: [.tradingState], currency: "EUR")
        #expect {
            try DryRun.run(scratch.options(profile, trades: trades))
        } throws: { error in
            "\(error)".contains("trades.csv:2: error: symbol 'BTC/USDT' is quoted in USDT, but the replay is in EUR")
        }
        #expect(try scratch.contents() == ["trades.csv"])
    }

    @Test func missingStartingBalanceIsAnError() throws {
        let scratch = try ReplayScratch()
        let trades = try scratch.write(csv([Self.good]))
        let profile = try ReplayProfile.compile(checks: [.tradingState], startingBalance: nil)
        #expect {
            try DryRun.run(scratch.options(profile, trades: trades))
        } throws: { error in
            "\(error)".contains("no starting balance") && "\(error)".contains("--starting-balance")
        }
        #expect(try scratch.contents() == ["trades.csv"])
    }

    @Test func successfulRunWritesEveryOutputAndNoTemporaryFile() throws {
        let scratch = try ReplayScratch()
        let trades = try scratch.write(csv([Self.good, "2026-01-05T10:00:00Z,bot-1,BTC/USDT,sell,1,101,0"]))
        let profile = try ReplayProfile.compile(checks: [.tradingState])
        _ = try DryRun.run(scratch.options(profile, trades: trades))
        #expect(try scratch.contents() == ["decisions.jsonl", "report.html", "report.json", "trades.csv"])
    }
}

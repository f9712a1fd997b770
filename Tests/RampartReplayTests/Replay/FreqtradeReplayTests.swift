import Foundation
import RampartJSON
import RampartReplay
import RampartRules
import Testing

/// The fixture freqtrade, CCXT and CSV files (`Scripts/generate-fixtures`), checked against
/// `Scripts/expected-dry-run.py` (commands run from the package root).
struct FreqtradeReplayTests {
    static let freqtrade = TestFiles.fixture("freqtrade/backtest-result.json")
    static let ccxt = TestFiles.fixture("ccxt/mytrades-unified.json")
    static let csv = TestFiles.fixture("csv/trades.csv")
    static let multistrat = TestFiles.fixture("freqtrade/backtest-result_multistrat.json")
    static let thresholds = EligibilityThresholds(
        minPaperDays: 7,
        minWinRate: Percent(dec("52")),
        minProfit: Percent(dec("3")),
        minTrades: 25
    )

    @Test func maxOpenTradesAndDenyListMatchTheScript() throws {
        // Scripts/expected-dry-run.py --max-open-trades 1 --deny ETH/BTC,XMR/BTC \
        //     Tests/RampartReplayTests/Fixtures/freqtrade/backtest-result.json
        let profile = try ReplayProfile.openTradesAndDenyList(eligibility: Self.thresholds)
        let report = try DryRun.run(DryRunOptions(profile: profile, tradesPath: Self.freqtrade))
        #expect(report.input.format == .freqtrade)
        #expect(report.input.currency == "BTC")
        #expect(report.input.startingBalance == dec("0.01"))
        #expect(report.input.roundedValues == 254)
        #expect(report.summary == OrderSummary(orders: 360, allowed: 140, denied: 220, removed: 110))
        #expect(
            report.denialsByRule == [
                RuleCount(rule: "max-open-trades", count: 80), RuleCount(rule: "symbols", count: 53),
            ]
        )
        #expect(
            report.baseline
                == ReplayResult(trades: 180, wins: 106, pnl: dec("-0.00069069"), maxDrawdown: dec("0.08799243"))
        )
        #expect(
            report.gated == ReplayResult(trades: 70, wins: 43, pnl: dec("-0.00004052"), maxDrawdown: dec("0.01434217"))
        )
        let verdict = try #require(report.eligibility)
        #expect(verdict.record.paperDays == dec("18.49305556"))
        #expect(verdict.record.profit == dec("-0.004052"))
        #expect(verdict.record.winRate == dec("0.61428571"))  // 43 / 70
        #expect(verdict.failed == ["min_profit"])
        #expect(report.bots.isEmpty)
    }

    @Test func baselineEqualsGatedWhenNothingIsDenied() throws {
        // Scripts/expected-dry-run.py --max-open-trades 1000 --deny "" \
        //     Tests/RampartReplayTests/Fixtures/freqtrade/backtest-result.json
        let profile = try ReplayProfile.openTradesAndDenyList(maxOpenTrades: 1000, deny: [])
        let report = try DryRun.run(DryRunOptions(profile: profile, tradesPath: Self.freqtrade))
        #expect(report.summary == OrderSummary(orders: 360, allowed: 360, denied: 0, removed: 0))
        #expect(report.gated == report.baseline)
        #expect(
            report.gated
                == ReplayResult(trades: 180, wins: 106, pnl: dec("-0.00069069"), maxDrawdown: dec("0.08799243"))
        )
        #expect(report.eligibility == nil)
        #expect(report.json()["eligibility"] == .null)
    }

    @Test func compareListsTheOrdersDecidedDifferently() throws {
        let one = try ReplayProfile.openTradesAndDenyList(maxOpenTrades: 1)
        let three = try ReplayProfile.openTradesAndDenyList(maxOpenTrades: 3, name: "three")
        let report = try DryRun.run(DryRunOptions(profile: one, compare: three, tradesPath: Self.freqtrade))
        let compare = try #require(report.compare)
        // Scripts/expected-dry-run.py --max-open-trades 3 \
        //     Tests/RampartReplayTests/Fixtures/freqtrade/backtest-result.json
        #expect(compare.summary == OrderSummary(orders: 360, allowed: 254, denied: 106, removed: 53))
        #expect(compare.denialsByRule == [RuleCount(rule: "symbols", count: 53)])
        #expect(
            compare.gated
                == ReplayResult(trades: 127, wins: 75, pnl: dec("-0.00044436"), maxDrawdown: dec("0.05510616"))
        )
        // 254 allowed with three open trades, 140 with one (the script without --max-open-trades 3).
        #expect(compare.changed.count == 254 - 140)
        #expect(compare.changed.allSatisfy { !$0.allowed && $0.compareAllowed })
        #expect(report.json()["compare"]?.keys == ["profile", "summary", "denials_by_rule", "gated", "changed"])
        #expect(
            report.json()["compare"]?["changed"]?[0]?.keys
                == ["index", "time", "bot", "symbol", "side", "allowed", "compare_allowed"]
        )
    }

    @Test func ccxtCSVAndFreqtradeViewsGiveTheSameDecisionsAndPnL() throws {
        let profile = try ReplayProfile.openTradesAndDenyList()
        let first = try ReplayScratch()
        let fromFreqtrade = try DryRun.run(first.options(profile, trades: Self.freqtrade))
        let second = try ReplayScratch()
        let fromCCXT = try DryRun.run(
            second.options(profile, trades: Self.ccxt, bot: "RandomWalkV3", startingBalance: "0.01")
        )
        let third = try ReplayScratch()
        let fromCSV = try DryRun.run(third.options(profile, trades: Self.csv, startingBalance: "0.01"))
        #expect(fromCCXT.input.format == .ccxt)
        #expect(fromCSV.input.format == .csv)
        func outline(_ lines: [JSONValue]) -> [String] {
            lines.map { line in
                ["time", "bot", "symbol", "side", "allowed", "rules", "removed"].map { key in
                    line[key].map { JSONWriter.string($0) } ?? "-"
                }.joined(separator: " ")
            }
        }
        // The fixture's CCXT fees have at most 8 decimals, so the three views agree to the last unit.
        for other in [fromCCXT, fromCSV] {
            #expect(other.summary == fromFreqtrade.summary)
            #expect(other.denialsByRule == fromFreqtrade.denialsByRule)
            #expect(other.baseline == fromFreqtrade.baseline)
            #expect(other.gated == fromFreqtrade.gated)
        }
        #expect(outline(try first.decisions()) == outline(try second.decisions()))
        #expect(outline(try first.decisions()) == outline(try third.decisions()))
    }

    @Test func multiStrategyFileReportsEachBotAndSums() throws {
        let profile = try ReplayProfile.openTradesAndDenyList()
        let report = try DryRun.run(DryRunOptions(profile: profile, tradesPath: Self.multistrat))
        // Bots in first-seen order: RandomWalkTight's first fill comes first.
        #expect(report.bots.map(\.bot) == ["RandomWalkTight", "RandomWalkV2"])
        try #require(report.bots.count == 2)
        // Scripts/expected-dry-run.py --strategy RandomWalkTight \
        //     Tests/RampartReplayTests/Fixtures/freqtrade/backtest-result_multistrat.json
        let tight = report.bots[0]
        #expect(tight.summary == OrderSummary(orders: 380, allowed: 182, denied: 198, removed: 99))
        #expect(
            tight.denialsByRule == [
                RuleCount(rule: "max-open-trades", count: 68), RuleCount(rule: "symbols", count: 51),
            ]
        )
        #expect(
            tight.baseline
                == ReplayResult(trades: 190, wins: 122, pnl: dec("-0.00073944"), maxDrawdown: dec("0.07715434"))
        )
        #expect(
            tight.gated == ReplayResult(trades: 91, wins: 62, pnl: dec("-0.00024542"), maxDrawdown: dec("0.02734711"))
        )
        // Scripts/expected-dry-run.py --strategy RandomWalkV2 \
        //     Tests/RampartReplayTests/Fixtures/freqtrade/backtest-result_multistrat.json
        let v2 = report.bots[1]
        #expect(v2.summary == OrderSummary(orders: 340, allowed: 140, denied: 200, removed: 100))
        #expect(
            v2.denialsByRule == [RuleCount(rule: "max-open-trades", count: 77), RuleCount(rule: "symbols", count: 42)]
        )
        #expect(
            v2.baseline == ReplayResult(trades: 170, wins: 94, pnl: dec("-0.00081545"), maxDrawdown: dec("0.0867096"))
        )
        #expect(v2.gated == ReplayResult(trades: 70, wins: 37, pnl: dec("-0.00039544"), maxDrawdown: dec("0.045735")))
        // The top level sums the bots.
        #expect(report.summary == OrderSummary(orders: 720, allowed: 322, denied: 398, removed: 199))
        #expect(
            report.denialsByRule == [
                RuleCount(rule: "max-open-trades", count: 145), RuleCount(rule: "symbols", count: 93),
            ]
        )
        #expect(report.baseline.trades == 360)
        #expect(report.baseline.pnl == dec("-0.00155489"))
        #expect(report.gated.trades == 161)
        #expect(report.gated.pnl == dec("-0.00064086"))
        let bots = try #require(report.json()["bots"]?.arrayValue)
        #expect(bots.count == 2)
        #expect(bots[0].keys == ["bot", "summary", "denials_by_rule", "baseline", "gated", "eligibility"])
    }

    @Test func botOptionKeepsOneStrategy() throws {
        let profile = try ReplayProfile.openTradesAndDenyList()
        let report = try DryRun.run(
            DryRunOptions(profile: profile, tradesPath: Self.multistrat, bot: "RandomWalkTight")
        )
        #expect(report.bots.isEmpty)
        // Scripts/expected-dry-run.py --strategy RandomWalkTight \
        //     Tests/RampartReplayTests/Fixtures/freqtrade/backtest-result_multistrat.json
        #expect(report.summary == OrderSummary(orders: 380, allowed: 182, denied: 198, removed: 99))
        #expect(report.json()["bots"] == nil)
    }
}

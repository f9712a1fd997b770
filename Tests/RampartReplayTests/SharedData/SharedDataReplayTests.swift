import Foundation
import RampartJSON
import RampartReplay
import RampartRules
import Testing

/// The freqtrade and CCXT files of ../shared/data, checked against `Scripts/expected-dry-run.py`.
@Suite(.enabled(if: SharedData.isPresent, "../shared/data is not beside this checkout"))
struct SharedDataReplayTests {
    static let freqtrade = SharedData.path("freqtrade/backtest-result.json")
    static let ccxt = SharedData.path("ccxt/binance-mytrades-unified.json")
    static let multistrat = SharedData.path("freqtrade/backtest-result_multistrat.json")
    static let thresholds = EligibilityThresholds(
        minPaperDays: 7,
        minWinRate: Percent(dec("52")),
        minProfit: Percent(dec("3")),
        minTrades: 25
    )

    @Test func maxOpenTradesAndDenyListMatchTheScript() throws {
        // Scripts/expected-dry-run.py --max-open-trades 1 --deny ETH/BTC,XMR/BTC \
        //     ../shared/data/freqtrade/backtest-result.json
        let profile = try ReplayProfile.openTradesAndDenyList(eligibility: Self.thresholds)
        let report = try DryRun.run(DryRunOptions(profile: profile, tradesPath: Self.freqtrade))
        #expect(report.input.format == .freqtrade)
        #expect(report.input.currency == "BTC")
        #expect(report.input.startingBalance == dec("0.01"))
        #expect(report.summary == OrderSummary(orders: 358, allowed: 162, denied: 196, removed: 98))
        #expect(
            report.denialsByRule == [
                RuleCount(rule: "max-open-trades", count: 79), RuleCount(rule: "symbols", count: 37),
            ]
        )
        #expect(
            report.baseline
                == ReplayResult(trades: 179, wins: 71, pnl: dec("0.00014465"), maxDrawdown: dec("0.02048034"))
        )
        #expect(
            report.gated == ReplayResult(trades: 81, wins: 39, pnl: dec("0.00012618"), maxDrawdown: dec("0.01919585"))
        )
        let verdict = try #require(report.eligibility)
        #expect(verdict.record.paperDays == dec("19.89583333"))
        #expect(verdict.record.profit == dec("0.012618"))
        #expect(verdict.record.winRate == dec("0.48148148"))
        #expect(verdict.failed == ["min_win_rate", "min_profit"])
        #expect(report.bots.isEmpty)
    }

    @Test func baselineEqualsGatedWhenNothingIsDenied() throws {
        // Scripts/expected-dry-run.py --max-open-trades 1000 --deny "" ../shared/data/freqtrade/backtest-result.json
        let profile = try ReplayProfile.openTradesAndDenyList(maxOpenTrades: 1000, deny: [])
        let report = try DryRun.run(DryRunOptions(profile: profile, tradesPath: Self.freqtrade))
        #expect(report.summary == OrderSummary(orders: 358, allowed: 358, denied: 0, removed: 0))
        #expect(report.gated == report.baseline)
        #expect(report.eligibility == nil)
        #expect(report.json()["eligibility"] == .null)
    }

    @Test func compareListsTheOrdersDecidedDifferently() throws {
        let one = try ReplayProfile.openTradesAndDenyList(maxOpenTrades: 1)
        let three = try ReplayProfile.openTradesAndDenyList(maxOpenTrades: 3, name: "three")
        let report = try DryRun.run(DryRunOptions(profile: one, compare: three, tradesPath: Self.freqtrade))
        let compare = try #require(report.compare)
        // Scripts/expected-dry-run.py --max-open-trades 3 ../shared/data/freqtrade/backtest-result.json:
        // 284 allowed, 74 denied, symbols 37.
        #expect(compare.summary == OrderSummary(orders: 358, allowed: 284, denied: 74, removed: 37))
        #expect(compare.denialsByRule == [RuleCount(rule: "symbols", count: 37)])
        #expect(
            compare.gated == ReplayResult(trades: 142, wins: 64, pnl: dec("0.0001694"), maxDrawdown: dec("0.02047758"))
        )
        #expect(compare.changed.count == 284 - 162)
        #expect(compare.changed.allSatisfy { !$0.allowed && $0.compareAllowed })
        #expect(report.json()["compare"]?.keys == ["profile", "summary", "denials_by_rule", "gated", "changed"])
        #expect(
            report.json()["compare"]?["changed"]?[0]?.keys
                == ["index", "time", "bot", "symbol", "side", "allowed", "compare_allowed"]
        )
    }

    @Test func ccxtAndFreqtradeViewsGiveTheSameDecisionsAndPnL() throws {
        let profile = try ReplayProfile.openTradesAndDenyList()
        let first = try ReplayScratch()
        let fromFreqtrade = try DryRun.run(first.options(profile, trades: Self.freqtrade))
        let second = try ReplayScratch()
        let fromCCXT = try DryRun.run(
            second.options(profile, trades: Self.ccxt, bot: "StrategyTestV3", startingBalance: "0.01")
        )
        #expect(fromCCXT.input.format == .ccxt)
        #expect(fromCCXT.summary == fromFreqtrade.summary)
        #expect(fromCCXT.denialsByRule == fromFreqtrade.denialsByRule)
        #expect(fromCCXT.baseline.trades == fromFreqtrade.baseline.trades)
        #expect(fromCCXT.gated.trades == fromFreqtrade.gated.trades)
        #expect((try fromCCXT.baseline.pnl.subtracting(fromFreqtrade.baseline.pnl)).magnitude <= dec("0.00000001"))
        #expect((try fromCCXT.gated.pnl.subtracting(fromFreqtrade.gated.pnl)).magnitude <= dec("0.00000001"))
        func outline(_ lines: [JSONValue]) -> [String] {
            lines.map { line in
                ["time", "symbol", "side", "allowed", "rules", "removed"].map { key in
                    line[key].map { JSONWriter.string($0) } ?? "-"
                }.joined(separator: " ")
            }
        }
        #expect(outline(try first.decisions()) == outline(try second.decisions()))
    }

    @Test func multiStrategyFileReportsEachBotAndSums() throws {
        let profile = try ReplayProfile.openTradesAndDenyList()
        let report = try DryRun.run(
            DryRunOptions(profile: profile, tradesPath: Self.multistrat)
        )
        #expect(report.bots.map(\.bot) == ["StrategyTestV2", "TestStrategy"])
        let summed = report.bots.reduce(OrderSummary()) { $0 + $1.summary }
        #expect(report.summary == summed)
        #expect(report.summary.orders == 716)
        #expect(report.baseline.trades == 358)
        #expect(report.gated.trades == report.bots.map(\.gated.trades).reduce(0, +))
        #expect(report.gated.pnl == (try report.bots[0].gated.pnl.adding(report.bots[1].gated.pnl)))
        var counts: [String: Int] = [:]
        for bot in report.bots { for count in bot.denialsByRule { counts[count.rule, default: 0] += count.count } }
        #expect(
            report.denialsByRule.map { "\($0.rule)=\($0.count)" }
                == counts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        )
        let bots = try #require(report.json()["bots"]?.arrayValue)
        #expect(bots.count == 2)
        #expect(bots[0].keys == ["bot", "summary", "denials_by_rule", "baseline", "gated", "eligibility"])
    }

    @Test func botOptionKeepsOneStrategy() throws {
        let profile = try ReplayProfile.openTradesAndDenyList()
        let report = try DryRun.run(
            DryRunOptions(
                profile: profile,
                tradesPath: Self.multistrat,
                bot: "TestStrategy"
            )
        )
        #expect(report.bots.isEmpty)
        #expect(report.summary.orders == 358)
        #expect(report.json()["bots"] == nil)
    }
}

import Foundation
import RampartJSON
import RampartReplay
import RampartRules
import Testing

/// Order of equal-time fills, removed round trips, clipped exits, daily resets: small CSV files worked by hand.
struct ReplaySemanticsTests {
    @Test func exitsGoBeforeEntriesAtEqualTimestamps() throws {
        let scratch = try ReplayScratch()
        let trades = try scratch.write(
            csv([
                "2026-01-05T09:00:00Z,bot-1,BTC/USDT,buy,1,100,0",
                // The ETH entry is listed first, but the BTC exit at the same time frees the one open-trade slot.
                "2026-01-05T10:00:00Z,bot-1,ETH/USDT,buy,1,10,0",
                "2026-01-05T10:00:00Z,bot-1,BTC/USDT,sell,1,110,0",
                "2026-01-05T11:00:00Z,bot-1,ETH/USDT,sell,1,12,0",
            ])
        )
        let profile = try ReplayProfile.compile(checks: [.tradingState, .maxOpenTrades], [.maxOpenTrades: .integer(1)])
        let report = try DryRun.run(scratch.options(profile, trades: trades))
        #expect(report.summary == OrderSummary(orders: 4, allowed: 4, denied: 0))
        #expect(report.gated == ReplayResult(trades: 2, wins: 2, pnl: dec("12"), maxDrawdown: .zero))
        #expect(try scratch.decisions().map { $0["index"] } == [1, 3, 2, 4].map { .number(String($0)) })
    }

    @Test func theTradeFilesPricesAreTheMarketSoNoFeedIsNeeded() throws {
        let scratch = try ReplayScratch()
        let trades = try scratch.write(
            csv([
                "2026-01-05T09:00:00Z,bot-1,BTC/USDT,buy,1,100,0",
                "2026-01-05T10:00:00Z,bot-1,BTC/USDT,sell,1,110,0",
            ])
        )
        // require: all would deny every live-service order without a quote; a replay has the file's prices.
        let profile = try ReplayProfile.compile(
            checks: [.tradingState, .stalePrice, .referencePrice, .priceCollar],
            [.marketRequire: .quoteRequirement(.all)]
        )
        let report = try DryRun.run(scratch.options(profile, trades: trades))
        #expect(report.summary == OrderSummary(orders: 2, allowed: 2, denied: 0))
        #expect(report.gated == ReplayResult(trades: 1, wins: 1, pnl: dec("10"), maxDrawdown: .zero))
    }

    @Test func anExitDeniedInHaltedLeavesItsPositionOpenAndTheReportSaysSo() throws {
        let scratch = try ReplayScratch()
        let trades = try scratch.write(
            csv([
                "2026-01-05T09:00:00Z,bot-1,BTC/USDT,buy,1,100,0",
                "2026-01-05T09:01:00Z,bot-1,ETH/USDT,buy,1,100,0",
                // A loss of 90: equity 9910, 0.9% below its peak.
                "2026-01-05T09:02:00Z,bot-1,ETH/USDT,sell,1,10,0",
                // A new entry trips max_drawdown 0.5% (halt_account): denied, and the account is HALTED.
                "2026-01-05T09:03:00Z,bot-1,SOL/USDT,buy,1,10,0",
                "2026-01-05T09:04:00Z,bot-1,SOL/USDT,sell,1,10,0",
                // HALTED denies even an exit: the BTC round trip stays open.
                "2026-01-05T09:05:00Z,bot-1,BTC/USDT,sell,1,120,0",
            ])
        )
        let profile = try ReplayProfile.compile(
            checks: [.tradingState, .maxDrawdown],
            [.maxDrawdown: .percent(Percent(dec("0.5")))]
        )
        let report = try DryRun.run(scratch.options(profile, trades: trades))
        #expect(report.summary == OrderSummary(orders: 6, allowed: 3, denied: 3, removed: 1))
        #expect(
            report.denialsByRule == [
                RuleCount(rule: "max-drawdown", count: 1), RuleCount(rule: "trading-state", count: 1),
            ]
        )
        #expect(report.openAtEnd == [OpenAtEnd(symbol: "BTC/USDT", positions: 1, entryValue: dec("100"))])
        #expect(
            report.json()["open_at_end"]
                == .array([
                    .object([
                        JSONMember("symbol", .string("BTC/USDT")), JSONMember("positions", .number("1")),
                        JSONMember("entry_value", .string("100")),
                    ])
                ])
        )
        #expect(report.table().contains("Left open at the end: 1 gated positions (BTC/USDT 1 at 100; entry value)"))
    }

    @Test func deniedEntryRemovesItsRoundTrip() throws {
        let scratch = try ReplayScratch()
        let trades = try scratch.write(
            csv([
                "2026-01-05T09:00:00Z,bot-1,DOGE/USDT,buy,10,1,0",
                "2026-01-05T09:01:00Z,bot-1,DOGE/USDT,buy,10,1,0",
                "2026-01-05T09:02:00Z,bot-1,DOGE/USDT,sell,20,2,0",
                "2026-01-05T09:03:00Z,bot-1,BTC/USDT,buy,1,100,0",
                "2026-01-05T09:04:00Z,bot-1,BTC/USDT,sell,1,90,0",
            ])
        )
        let profile = try ReplayProfile.compile(
            checks: [.tradingState, .symbols],
            [.symbols: .symbols(SymbolFilter(deny: [Glob("DOGE/*")!]))]
        )
        let report = try DryRun.run(scratch.options(profile, trades: trades))
        #expect(report.summary == OrderSummary(orders: 5, allowed: 2, denied: 3, removed: 2))
        #expect(report.denialsByRule == [RuleCount(rule: "symbols", count: 1)])
        // Baseline: +20 on DOGE (peak 10020), then −10 on BTC: 10 / 10020 = 0.000998.
        #expect(report.baseline == ReplayResult(trades: 2, wins: 1, pnl: dec("10"), maxDrawdown: dec("0.000998")))
        #expect(report.gated == ReplayResult(trades: 1, wins: 0, pnl: dec("-10"), maxDrawdown: dec("0.001")))
        let lines = try scratch.decisions()
        #expect(lines[0].keys == ["index", "time", "bot", "symbol", "side", "allowed", "rules"])
        #expect(lines[0]["rules"] == .array([.string("symbols")]))
        #expect(lines[1]["removed"] == .bool(true))
        #expect(lines[1]["rules"] == .array([]))
        #expect(lines[2]["removed"] == .bool(true))
        #expect(lines[2]["time"] == .string("2026-01-05T09:02:00Z"))
        #expect(lines[3]["allowed"] == .bool(true))
        #expect(lines[3]["removed"] == nil)
    }

    @Test func exitIsClippedToTheGatedPosition() throws {
        let scratch = try ReplayScratch()
        let trades = try scratch.write(
            csv([
                "2026-01-05T09:00:00Z,bot-1,BTC/USDT,buy,1,100,0",
                "2026-01-05T09:01:00Z,bot-1,BTC/USDT,buy,1,100,0",  // 200 > 150: denied, the trip stays
                "2026-01-05T09:02:00Z,bot-1,BTC/USDT,sell,2,110,0.2",  // sells only the 1 held, fee 0.1
                "2026-01-05T09:03:00Z,bot-1,BTC/USDT,buy,1,100,0",
                "2026-01-05T09:04:00Z,bot-1,BTC/USDT,buy,1,100,0",  // denied again
                "2026-01-05T09:05:00Z,bot-1,BTC/USDT,sell,1,105,0",  // closes the gated 1
                "2026-01-05T09:06:00Z,bot-1,BTC/USDT,sell,1,105,0",  // nothing left to close: removed
            ])
        )
        let profile = try ReplayProfile.compile(
            checks: [.tradingState, .maxPositionNotional],
            [.maxPositionNotional: .decimal(dec("150"))]
        )
        let report = try DryRun.run(scratch.options(profile, trades: trades))
        #expect(report.summary == OrderSummary(orders: 7, allowed: 4, denied: 3, removed: 1))
        #expect(report.denialsByRule == [RuleCount(rule: "max-position-notional", count: 2)])
        #expect(report.baseline == ReplayResult(trades: 2, wins: 2, pnl: dec("29.8"), maxDrawdown: .zero))
        #expect(report.gated == ReplayResult(trades: 2, wins: 2, pnl: dec("14.9"), maxDrawdown: .zero))
        #expect(try scratch.decisions()[6]["removed"] == .bool(true))
    }

    @Test func dailyLossBreakerResetsAtUTCMidnight() throws {
        let scratch = try ReplayScratch()
        let trades = try scratch.write(
            csv([
                "2026-01-05T10:00:00Z,bot-1,BTC/USDT,buy,1,100,0",
                "2026-01-05T11:00:00Z,bot-1,BTC/USDT,sell,1,40,0",  // −60 = −6% of 1000
                "2026-01-05T23:59:59Z,bot-1,BTC/USDT,buy,1,100,0",  // same UTC day: denied, trip removed
                "2026-01-06T00:00:00Z,bot-1,BTC/USDT,sell,1,100,0",  // removed with its entry
                "2026-01-06T00:00:00Z,bot-1,ETH/USDT,buy,1,10,0",  // new UTC day: allowed
                "2026-01-06T01:00:00Z,bot-1,ETH/USDT,sell,1,11,0",
            ])
        )
        let profile = try ReplayProfile.compile(
            checks: [.tradingState, .maxDailyLoss],
            [.maxDailyLoss: .percent(Percent(dec("5")))],
            startingBalance: "1000"
        )
        let report = try DryRun.run(scratch.options(profile, trades: trades))
        let allowed = try scratch.decisions().map { $0["allowed"]?.boolValue ?? false }
        #expect(allowed == [true, true, false, false, true, true])
        #expect(report.denialsByRule.map(\.rule).contains("max-daily-loss"))
        #expect(report.gated == ReplayResult(trades: 2, wins: 1, pnl: dec("-59"), maxDrawdown: dec("0.06")))
        #expect(report.baseline.maxDrawdown == dec("0.06"))
    }

    @Test func deniedExitInHaltedStateLeavesThePositionOpen() throws {
        let scratch = try ReplayScratch()
        let trades = try scratch.write(
            csv([
                "2026-01-05T10:00:00Z,bot-1,BTC/USDT,buy,1,100,0",
                "2026-01-05T10:01:00Z,bot-1,ETH/USDT,buy,1,100,0",
                "2026-01-05T11:00:00Z,bot-1,BTC/USDT,sell,1,70,0",  // −30 = −30% of 100
                "2026-01-05T11:30:00Z,bot-1,XRP/USDT,buy,1,1,0",  // denied by max-drawdown, which halts the account
                "2026-01-05T12:00:00Z,bot-1,ETH/USDT,sell,1,110,0",  // an exit, but denied in HALTED state
            ])
        )
        let profile = try ReplayProfile.compile(
            checks: [.tradingState, .maxDrawdown],
            [.maxDrawdown: .percent(Percent(dec("15")))],
            startingBalance: "100"
        )
        let report = try DryRun.run(scratch.options(profile, trades: trades))
        #expect(report.summary == OrderSummary(orders: 5, allowed: 3, denied: 2))
        #expect(report.gated.trades == 1)
        #expect(report.baseline.trades == 2)
        #expect(try scratch.decisions()[4]["rules"] == .array([.string("trading-state")]))
    }

    @Test func startingBalanceOptionWinsOverTheProfile() throws {
        let scratch = try ReplayScratch()
        let trades = try scratch.write(
            csv(["2026-01-05T10:00:00Z,bot-1,BTC/USDT,buy,1,100,0", "2026-01-05T11:00:00Z,bot-1,BTC/USDT,sell,1,90,0"])
        )
        let profile = try ReplayProfile.compile(checks: [.tradingState], startingBalance: "1000")
        let report = try DryRun.run(scratch.options(profile, trades: trades, startingBalance: "200"))
        #expect(report.input.startingBalance == dec("200"))
        #expect(report.gated.maxDrawdown == dec("0.05"))
    }
}

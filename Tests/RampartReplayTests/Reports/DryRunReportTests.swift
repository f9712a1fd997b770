import Foundation
import RampartJSON
import RampartReplay
import RampartRules
import Testing

/// The JSON keys, the written files, and the text forms of a report.
struct DryRunReportTests {
    static func report(_ scratch: ReplayScratch) throws -> DryRunReport {
        let trades = try scratch.write(
            csv([
                "2026-01-05T09:00:00Z,bot-1,BTC/USDT,buy,1,100,0.1",
                "2026-01-05T10:00:00Z,bot-1,BTC/USDT,sell,1,110.123456789,0.1",
                "2026-01-06T09:00:00Z,bot-1,LUNA/USDT,buy,1,1,0",
            ])
        )
        let thresholds = EligibilityThresholds(
            minPaperDays: 7,
            minWinRate: Percent(dec("52")),
            minProfit: Percent(dec("3")),
            minTrades: 25
        )
        let profile = try ReplayProfile.compile(checks: [.tradingState, .symbols], eligibility: thresholds)
        return try DryRun.run(scratch.options(profile, trades: trades))
    }

    @Test func jsonKeysAreExactlyAsDocumented() throws {
        let scratch = try ReplayScratch()
        let json = try Self.report(scratch).json()
        #expect(
            json.keys == [
                "profile", "input", "summary", "denials_by_rule", "baseline", "gated", "eligibility", "open_at_end",
            ]
        )
        #expect(json["profile"]?.keys == ["name", "hash"])
        #expect(json["input"]?.keys == ["path", "format", "orders", "rounded_values"])
        #expect(json["input"]?["rounded_values"] == .number("1"))
        #expect(json["summary"]?.keys == ["orders", "allowed", "denied"])
        #expect(json["denials_by_rule"] == .object([JSONMember("symbols", .number("1"))]))
        #expect(json["baseline"]?.keys == ["trades", "wins", "win_rate", "pnl", "max_drawdown"])
        #expect(json["gated"]?["pnl"] == .string("9.92345679"))
        #expect(json["gated"]?["win_rate"] == .number("1"))
        #expect(json["eligibility"]?.keys == ["eligible", "paper_days", "trades", "win_rate", "profit", "failed"])
        #expect(json["eligibility"]?["paper_days"] == .number("0.04166667"))
        #expect(
            json["eligibility"]?["failed"]
                == .array([.string("min_paper_days"), .string("min_trades"), .string("min_profit")])
        )
        let written = try JSONParser.parse(String(contentsOfFile: scratch.path("report.json"), encoding: .utf8))
        #expect(written == json)
    }

    @Test func decisionLinesParseAsJSON() throws {
        let scratch = try ReplayScratch()
        _ = try Self.report(scratch)
        let lines = try scratch.decisions()
        #expect(lines.count == 3)
        #expect(lines[2]["rules"] == .array([.string("symbols")]))
        #expect(lines[2]["allowed"] == .bool(false))
    }

    @Test func tableShowsTheSummaryAndTheVerdict() throws {
        let table = try Self.report(try ReplayScratch()).table()
        #expect(table.contains("Orders 3: 2 allowed, 1 denied"))
        #expect(table.contains("symbols  1"))
        #expect(
            table.contains("Eligibility (gated record): not eligible (failed min_paper_days, min_trades, min_profit)")
        )
        #expect(table.contains("Rounded values: 1"))
    }

    @Test func htmlIsOnePageWithInlineSVGAndNoScripts() throws {
        let scratch = try ReplayScratch()
        _ = try Self.report(scratch)
        let html = try String(contentsOfFile: scratch.path("report.html"), encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<svg"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("http://") || !html.contains("src=\"http"))
    }
}

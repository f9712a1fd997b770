import Foundation
import Testing

@Suite struct DryRunCommandTests {
    /// The README's dry-run example: the backtest result `Scripts/generate-fixtures` wrote under `examples/`.
    static let example = RampartProcess.packageRoot.appendingPathComponent("examples/freqtrade/backtest-result.json")
        .path

    /// What `rampart dry-run --profile btc-backtest` printed and wrote for `trades`.
    struct BTCBacktestRun {
        var result: RampartProcess.Result
        var report: [String: Any]
        var decisions: Int
        var html: String
    }

    /// Runs `trades` through `profiles/btc-backtest.yaml` with every output file, in a scratch directory.
    static func runBTCBacktest(_ trades: String) throws -> BTCBacktestRun {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dry-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let json = directory.appendingPathComponent("report.json").path
        let decisions = directory.appendingPathComponent("decisions.jsonl").path
        let html = directory.appendingPathComponent("report.html").path
        let result = try RampartProcess.run([
            "dry-run", "--profile", "btc-backtest", "--trades", trades, "--json", json, "--decisions", decisions,
            "--report", html,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any]
        )
        return BTCBacktestRun(
            result: result,
            report: report,
            decisions: try String(contentsOfFile: decisions, encoding: .utf8).split(separator: "\n").count,
            html: try String(contentsOfFile: html, encoding: .utf8)
        )
    }

    @Test func exampleBacktestThroughTheBTCProfile() throws {
        // The README's and docs/dry-run.md's example output.
        let run = try Self.runBTCBacktest(Self.example)
        #expect(run.result.stdout.contains("Orders 360: 344 allowed, 16 denied"), "\(run.result.stdout)")
        #expect(
            Set(run.report.keys)
                == [
                    "profile", "input", "summary", "denials_by_rule", "baseline", "gated", "eligibility", "open_at_end",
                ]
        )
        let gated = try #require(run.report["gated"] as? [String: Any])
        #expect(gated["trades"] as? Int == 172)
        #expect(gated["pnl"] as? String == "-0.00072518")
        #expect(run.decisions == 360)
        #expect(run.html.contains("<svg"))
    }

    @Test func badInputFailsWithTheLocationAndLeavesNoOutputFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dry-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let trades = directory.appendingPathComponent("trades.csv")
        try """
        time,bot,symbol,side,quantity,price,fee
        2026-01-05T09:30:00Z,b1,BTC/USDT,buy,0.01,65000,0.65
        2026-01-05T09:31:00Z,b1,BTC/USDT,sell,-0.01,65100,0.65

        """.write(to: trades, atomically: true, encoding: .utf8)
        let json = directory.appendingPathComponent("report.json").path
        let result = try RampartProcess.run(["dry-run", "--profile", "paper", "--trades", trades.path, "--json", json])
        #expect(result.status == 1)
        #expect(result.stderr.contains("trades.csv:3: error: field 'quantity'"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["trades.csv"])
    }

    @Test func jsonToStandardOutputKeepsTheTableOnStandardError() throws {
        let result = try RampartProcess.run([
            "dry-run", "--profile", "btc-backtest", "--trades", Self.example, "--json", "-",
        ])
        #expect(result.status == 0)
        let report = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((report["summary"] as? [String: Int])?["orders"] == 360)
        #expect(result.stderr.contains("Orders 360"))
    }
}

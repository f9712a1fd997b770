import Foundation
import Testing

@Suite struct DryRunCommandTests {
    static let freqtrade = RampartProcess.packageRoot.appendingPathComponent(
        "../shared/data/freqtrade/backtest-result.json"
    ).standardizedFileURL.path

    @Test func freqtradeSampleThroughTheBTCProfile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dry-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let json = directory.appendingPathComponent("report.json").path
        let decisions = directory.appendingPathComponent("decisions.jsonl").path
        let html = directory.appendingPathComponent("report.html").path
        let result = try RampartProcess.run([
            "dry-run", "--profile", "btc-backtest", "--trades", Self.freqtrade, "--json", json, "--decisions",
            decisions,
            "--report", html,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Orders 358: 356 allowed, 2 denied"))
        let report = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any]
        )
        #expect(
            Set(report.keys) == ["profile", "input", "summary", "denials_by_rule", "baseline", "gated", "eligibility"]
        )
        let gated = try #require(report["gated"] as? [String: Any])
        #expect(gated["trades"] as? Int == 178)
        #expect(gated["pnl"] as? String == "0.00013465")
        let lines = try String(contentsOfFile: decisions, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 358)
        #expect(try String(contentsOfFile: html, encoding: .utf8).contains("<svg"))
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
            "dry-run", "--profile", "btc-backtest", "--trades", Self.freqtrade, "--json", "-",
        ])
        #expect(result.status == 0)
        let report = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((report["summary"] as? [String: Int])?["orders"] == 358)
        #expect(result.stderr.contains("Orders 358"))
    }
}

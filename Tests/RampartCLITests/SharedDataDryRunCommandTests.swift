import Foundation
import Testing

/// `rampart dry-run` over the freqtrade file of ../shared/data, which real freqtrade wrote.
@Suite(.enabled(if: SharedData.isPresent, "../shared/data is not beside this checkout"))
struct SharedDataDryRunCommandTests {
    @Test func freqtradeSampleThroughTheBTCProfile() throws {
        let run = try DryRunCommandTests.runBTCBacktest(SharedData.path("freqtrade/backtest-result.json"))
        #expect(run.result.stdout.contains("Orders 358: 356 allowed, 2 denied"))
        #expect(
            Set(run.report.keys)
                == [
                    "profile", "input", "summary", "denials_by_rule", "baseline", "gated", "eligibility", "open_at_end",
                ]
        )
        let gated = try #require(run.report["gated"] as? [String: Any])
        #expect(gated["trades"] as? Int == 178)
        #expect(gated["pnl"] as? String == "0.00013465")
        #expect(run.decisions == 358)
        #expect(run.html.contains("<svg"))
    }
}

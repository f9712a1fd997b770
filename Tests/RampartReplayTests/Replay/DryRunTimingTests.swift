import Foundation
import RampartReplay
import RampartRules
import Testing

/// Prints how long a dry-run of a large CSV takes; runs only when `RAMPART_DRYRUN_TIMING` names a file, e.g.
/// `RAMPART_DRYRUN_TIMING=/tmp/rampart-1m-usdt.csv swift test -c release --filter dryRunTimingIsPrinted`.
/// No timed assertion: the numbers are for people.
struct DryRunTimingTests {
    static let path = ProcessInfo.processInfo.environment["RAMPART_DRYRUN_TIMING"]

    /// The seed limits of `profiles/base.yaml` with rate limits for `Scripts/generate-trades` data: 20 bots share
    /// about one fill a second, so each bot sends about one order every 20 s on average, in bursts.
    static func profile() throws -> CompiledProfile {
        try ReplayProfile.compile(
            name: "timing",
            [
                .orderRates: .rates([
                    Rate(count: 60, window: ReplayProfile.minutes(1)),
                    Rate(count: 2000, window: ReplayProfile.minutes(60)),
                ]),
                .tradeRates: .rates([Rate(count: 5000, window: ReplayProfile.minutes(24 * 60))]),
            ],
            eligibility: EligibilityThresholds(
                minPaperDays: 7,
                minWinRate: Percent(dec("52")),
                minProfit: Percent(dec("3")),
                minTrades: 25
            )
        )
    }

    @Test(.enabled(if: path != nil)) func dryRunTimingIsPrinted() throws {
        let path = try #require(Self.path)
        let profile = try Self.profile()
        for _ in 0..<3 {
            let clock = ContinuousClock()
            var report: DryRunReport?
            let elapsed = try clock.measure {
                report = try DryRun.run(DryRunOptions(profile: profile, tradesPath: path))
            }
            let summary = try #require(report).summary
            print(
                "dry-run of \(summary.orders) orders (\(summary.allowed) allowed, \(summary.denied) denied) in \(elapsed)"
            )
        }
        let scratch = try ReplayScratch()
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            _ = try DryRun.run(
                DryRunOptions(
                    profile: profile,
                    tradesPath: path,
                    decisionsPath: scratch.path("d.jsonl"),
                    jsonPath: scratch.path("r.json"),
                    htmlPath: scratch.path("r.html")
                )
            )
        }
        print("dry-run with decisions, JSON and HTML files in \(elapsed)")
        print(try DryRun.run(DryRunOptions(profile: profile, tradesPath: path)).table())
    }
}

import Benchmark
import Foundation
import RampartConfig
import RampartReplay
import RampartRules

/// Reading a large Rampart CSV, and a dry-run of it through the seed `paper` profile (what the issue-3 timing
/// "tests" printed). The file is `RAMPART_REPLAY_CSV` when set, else 200,000 fills that `Scripts/generate-trades`
/// writes once to the temporary directory (20 bots, 200 symbols, seed 7).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .peakMemoryResident],
        warmupIterations: 1,
        maxDuration: .seconds(20),
        maxIterations: 10
    )

    Benchmark("csv read (every fill of the file)") { benchmark, path in
        for _ in benchmark.scaledIterations {
            var (_, source) = try TradeReader.open(path: path, format: .csv)
            var rows = 0
            while try source.next() != nil { rows += 1 }
            blackHole(rows)
        }
    } setup: {
        try ReplayInput.path()
    }

    Benchmark("dry-run through profiles/paper.yaml") { benchmark, input in
        for _ in benchmark.scaledIterations {
            blackHole(try DryRun.run(DryRunOptions(profile: input.profile, tradesPath: input.path)).summary)
        }
    } setup: {
        (
            path: try ReplayInput.path(),
            profile: try ProfileLoader(rulesDirectory: "rules", profilesDirectory: "profiles").compile("paper")
        )
    }
}

/// The CSV the benchmarks read.
enum ReplayInput {
    static func path() throws -> String {
        if let path = ProcessInfo.processInfo.environment["RAMPART_REPLAY_CSV"] { return path }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rampart-replay-200k.csv").path
        if FileManager.default.fileExists(atPath: path) { return path }
        let generator = Process()
        generator.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        generator.arguments = [
            "python3", "Scripts/generate-trades", "--orders", "200000", "--bots", "20", "--symbols", "200", "--seed",
            "7", path,
        ]
        try generator.run()
        generator.waitUntilExit()
        guard generator.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
        return path
    }
}

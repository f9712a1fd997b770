import Foundation
import RampartRules
import RampartStore

/// `RampartCrashDriver drive|verify|bench|memory-bots|memory-journal --db PATH --acks PATH [--seed N]`: the kill -9
/// test's two halves, the durable gate's throughput, and the state's resident memory.
@main
struct CrashDriver {
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        func value(_ flag: String) -> String? {
            guard let index = arguments.firstIndex(of: flag), index + 1 < arguments.count else { return nil }
            return arguments[index + 1]
        }
        let acks = value("--acks") ?? "acks"
        guard let command = arguments.first, let db = value("--db") else {
            FileHandle.standardError.write(
                Data("usage: RampartCrashDriver drive|verify|bench --db PATH --acks PATH [--seed N]\n".utf8)
            )
            exit(2)
        }
        /// A whole number ≥ 1, or exit 2 saying which flag.
        func positive(_ text: String, _ flag: String) -> Int64 {
            guard let number = Int64(text), number >= 1 else {
                FileHandle.standardError.write(Data("\(flag) takes a whole number of at least 1, not \(text)\n".utf8))
                exit(2)
            }
            return number
        }
        do {
            switch command {
            case "drive":
                try await Driver(database: db, acks: acks, seed: UInt64(value("--seed") ?? "1") ?? 1).run()
            case "bench":
                if let stop = value("--stop"), stop != "graceful" {
                    FileHandle.standardError.write(Data("--stop takes only `graceful`, not \(stop)\n".utf8))
                    exit(2)
                }
                try await Bench(
                    database: db,
                    orders: Int(value("--orders") ?? "200000") ?? 200_000,
                    submitters: Int(value("--submitters") ?? "64") ?? 64,
                    graceful: value("--stop") == "graceful",
                    timeScale: positive(value("--time-scale") ?? "1", "--time-scale")
                ).run()
            case "memory-bots":
                try MemoryProbe.bots(
                    Int(value("--bots") ?? "10000") ?? 10_000,
                    paperRates: value("--rates") != "roomy"
                )
            case "memory-journal":
                try MemoryProbe.journal(db)
            case "verify":
                let problems = try Verifier(database: db, acks: acks).run()
                for problem in problems { print("FAIL: \(problem)") }
                exit(problems.isEmpty ? 0 : 1)
            default:
                FileHandle.standardError.write(Data("unknown command \(command)\n".utf8))
                exit(2)
            }
        } catch {
            FileHandle.standardError.write(Data("\(command) failed: \(error)\n".utf8))
            exit(1)
        }
    }

    /// The wall clock.
    static let clock: @Sendable () -> Timestamp = Timestamp.now
}

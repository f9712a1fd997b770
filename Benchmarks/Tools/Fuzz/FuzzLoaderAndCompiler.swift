// libFuzzer target for the YAML loader, the profile decoder and the compiler (built only with FUZZ=1; see
// docs/fuzzing.md). Each input is split at its first line "%%" into a profile and a rule pack, which are written
// to a private scratch directory beside copies of the seed rules and profiles, then linted, compiled and, when
// they compile, used to evaluate one order. Any crash, trap or sanitizer report is a bug; diagnostics are fine.

import RampartConfig
import RampartRules
import RampartSystem

/// The scratch directory, created once per process, with copies of the seed packs and profiles (run from the
/// package root) so fuzzed profiles can extend `base` and name the seed packs.
private let scratch: String = {
    let path = "/dev/shm/rampart-fuzz-\(getpid())"
    for directory in [path, path + "/rules", path + "/profiles"] { mkdir(directory, 0o700) }
    for (folder, names) in [("rules", ["guardrails", "rate-limits", "eligibility"]), ("profiles", ["base", "paper"])] {
        for name in names {
            guard let bytes = try? FileContents.read(atPath: "\(folder)/\(name).yaml").get().bytes else { continue }
            FileContents.write(bytes, toPath: "\(path)/\(folder)/\(name).yaml")
        }
    }
    return path
}()

/// libFuzzer's entry point.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLoaderAndCompiler(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)
    // Split at the first "\n%%\n": the profile before it, the pack after it.
    var split = size
    if size >= 4 {
        for index in 0..<(size - 3)
        where input[index] == 10 && input[index + 1] == 37 && input[index + 2] == 37 && input[index + 3] == 10 {
            split = index
            break
        }
    }
    FileContents.write(Array(input[0..<split]), toPath: scratch + "/profiles/fuzz.yaml")
    let pack =
        split + 4 <= size
        ? UnsafeBufferPointer(rebasing: input[(split + 4)...]) : UnsafeBufferPointer(rebasing: input[0..<0])
    FileContents.write(Array(pack), toPath: scratch + "/rules/fuzzpack.yaml")
    let loader = ProfileLoader(rulesDirectory: scratch + "/rules", profilesDirectory: scratch + "/profiles")
    _ = loader.lint([scratch + "/profiles/fuzz.yaml", scratch + "/rules/fuzzpack.yaml"])
    if let profile = try? loader.compile("fuzz") {
        let order = Order(
            bot: "fuzz-bot",
            symbol: "BTC/USDT",
            side: .buy,
            quantity: FixedDecimal(1),
            price: FixedDecimal(100),
            referencePrice: FixedDecimal(100)
        )
        let decision = profile.evaluate(order, in: RiskState(), at: Timestamp(nanoseconds: 1_767_225_600_000_000_000))
        _ = decision.violations.count + decision.warnings.count
        _ = ProfileComparison(old: profile, new: profile).verdict
    }
    return 0
}

/// libFuzzer's driver, which parses its usual flags (`-runs=N`, corpus directories) and calls the target.
@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

/// The executable's entry point (SwiftPM links `main` to `<target>_main`); hands control to libFuzzer.
@_cdecl("RampartFuzz_main")
public func fuzzMain(
    _ argc: CInt,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
) -> CInt {
    var count = argc
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return withUnsafeMutablePointer(to: &arguments) { argumentsPointer in
        argumentsPointer.withMemoryRebound(to: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?.self, capacity: 1) {
            runFuzzerDriver(&count, $0) { data, size in fuzzLoaderAndCompiler(data, size) }
        }
    }
}

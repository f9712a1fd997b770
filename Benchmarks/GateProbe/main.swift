// Runs the gate benchmark's fixture without the benchmark harness, so callgrind can count instructions per
// decision and gdb can catch any allocation: `GateProbe MODE MEASURED [WARMUP]` with MODE submit | evaluate | deny |
// check-new (`Gate.check` for a bot the gate has never seen) |
// quoted (submit with a market quote per symbol: orders judged at the gate's own prices).
// The measured loop sits between two writes to standard error ("start", "end"); see docs/performance.md.

import BenchmarkSupport
import RampartSystem

let arguments = CommandLine.arguments
let mode = arguments.count > 1 ? arguments[1] : "submit"
let measured = arguments.count > 2 ? Int(arguments[2]) ?? 50_000 : 50_000
let warmup = arguments.count > 3 ? Int(arguments[3]) ?? 20_000 : 20_000
let fixture = try BenchmarkFixture(quoted: mode == "quoted")

/// Writes a line to standard error with one `write` call (the markers gdb breaks on).
func mark(_ text: String) {
    var line = text + "\n"
    line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

@inline(never) func run(_ count: Int) -> Int {
    var allowed = 0
    for _ in 0..<count {
        let result: Bool
        switch mode {
        case "evaluate": result = fixture.evaluate()
        case "deny": result = fixture.deny()
        case "check-new": result = fixture.checkNewBot()
        default: result = fixture.decideAndRelease()
        }
        if result { allowed += 1 }
    }
    return allowed
}

var total = run(warmup)
mark("start")
total += run(measured)
mark("end")
print(total)

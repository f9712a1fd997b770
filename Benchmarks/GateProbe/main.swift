// Runs the gate benchmark's fixture without the benchmark harness, so callgrind can count instructions per
// decision and gdb can catch any allocation: `GateProbe MODE MEASURED [WARMUP]` with MODE submit | evaluate | deny |
// check-new (`Gate.check` for a bot the gate has never seen) | beside-checks (submit while another thread checks) |
// checks-beside-checks (checks of known positions while another thread checks too) |
// quoted (submit with a market quote per symbol: orders judged at the gate's own prices).
// The measured loop sits between two writes to standard error ("start", "end"); see docs/performance.md.

import BenchmarkSupport
import Dispatch
import RampartSystem
import Synchronization

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

nonisolated(unsafe) var checkIndex = 0

@inline(never) func run(_ count: Int) -> Int {
    var allowed = 0
    for _ in 0..<count {
        let result: Bool
        switch mode {
        case "evaluate": result = fixture.evaluate()
        case "deny": result = fixture.deny()
        case "check-new": result = fixture.checkNewBot()
        case "checks-beside-checks":
            checkIndex &+= 13
            result = fixture.checkAside(checkIndex)
        default: result = fixture.decideAndRelease()
        }
        if result { allowed += 1 }
    }
    return allowed
}

// `beside-checks`: submit+release while another thread runs `Gate.check` on the same gate without pause.
let stopChecks = Atomic<Bool>(false)
let checksDone = DispatchSemaphore(value: 0)
if mode == "beside-checks" || mode == "checks-beside-checks" {
    DispatchQueue.global().async {
        var index = 0
        while !stopChecks.load(ordering: .relaxed) {
            _ = fixture.checkAside(index)
            index &+= 7
        }
        checksDone.signal()
    }
}
var total = run(warmup)
mark("start")
let started = WallClock.nanosecondsSinceEpoch()
total += run(measured)
let elapsed = WallClock.nanosecondsSinceEpoch() - started
mark("end")
if mode == "beside-checks" || mode == "checks-beside-checks" {
    stopChecks.store(true, ordering: .relaxed)
    checksDone.wait()
}
print(total, "decisions; ns per measured decision:", elapsed / Int64(max(measured, 1)))

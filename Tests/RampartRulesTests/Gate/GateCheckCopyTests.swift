import RampartTestSupport
import Synchronization
import Testing

@testable import RampartRules

/// `Gate.check` must not leave a copy of the state alive outside the gate's lock: while one is alive, every `submit`
/// copies each array it writes (copy on write), ~50× its cost (GateProbe `beside-checks`).
@Suite struct GateCheckCopyTests {
    /// Where the state's positions are stored now.
    func positionsAddress(_ gate: Gate) -> UInt {
        gate.withState { state in state.positions.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) } }
    }

    @Test func submitsBesideChecksNeverCopyTheState() async throws {
        let profile = try TestProfile.compile([
            .duplicateWindow: nil, .maxOpenTrades: .integer(100),
            .orderRates: .rates([Rate(count: 1_000_000, window: .minutes(1))]),
        ])
        let gate = Gate(profile: profile, clock: { TestTime.start })
        for index in 0..<20 { try gate.fill(order(.buy, "0.1", at: "10", symbol: "S\(index)/USDT")) }
        let before = positionsAddress(gate)
        let stop = Atomic<Bool>(false)
        let checks = Atomic<Int>(0)
        let checker = Task.detached {
            while !stop.load(ordering: .relaxed) {
                let index = checks.load(ordering: .relaxed)
                _ = gate.check(order(.buy, "0.1", at: "10", symbol: "S\(index % 20)/USDT"))
                checks.add(1, ordering: .relaxed)
            }
        }
        // The submits start once the checks run (on a busy test pool the checker may start late).
        while checks.load(ordering: .relaxed) == 0 { await Task.yield() }
        var moves = 0
        var address = before
        for index in 0..<5_000 {
            let (_, permit) = gate.submit(order(.buy, "0.1", at: "10", symbol: "S\(index % 20)/USDT"))
            try gate.release(#require(permit))
            let now = positionsAddress(gate)
            if now != address { moves += 1 }
            address = now
        }
        stop.store(true, ordering: .relaxed)
        await checker.value
        let checked = checks.load(ordering: .relaxed)
        #expect(moves == 0, "the positions were copied \(moves) times in 5,000 submits beside \(checked) checks")
    }
}

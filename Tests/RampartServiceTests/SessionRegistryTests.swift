import RampartDesk
import RampartRules
import RampartService
import RampartTestSupport
import Testing

/// Backtest sessions end once unused for the registry's idle time, and only their owner (or an admin) finds them.
@Suite struct SessionRegistryTests {
    @Test func anUnusedSessionExpiresAndAUsedOneLivesOn() throws {
        let profile = try TestProfile.compile()
        let registry = SessionRegistry(limit: 2, idleTTL: .seconds(60)) { _ in profile }
        let start = TestTime.start
        func at(_ seconds: Int64) -> Timestamp { Timestamp(nanoseconds: start.nanoseconds + seconds * 1_000_000_000) }
        let idle = try registry.open(owner: "t", profile: nil, startingBalance: nil, now: start)
        let busy = try registry.open(owner: "t", profile: nil, startingBalance: nil, now: start)
        #expect(throws: SessionRegistry.Failure.self) {
            try registry.open(owner: "t", profile: nil, startingBalance: nil, now: at(1))
        }
        // `busy` is used at 50 s (a check at candle time); `idle` is not.
        let order = order(.buy, "0.1", at: "100", id: "c-1")
        _ = try busy.decide(order, at: TestTime.start, reserve: false, wallClock: at(50))
        #expect(registry.list(now: at(59)).count == 2)
        #expect(registry.list(now: at(61)).map(\.id) == [busy.id])
        #expect(throws: SessionRegistry.Failure.self) {
            try registry.session(idle.id, caller: "t", isAdmin: false, now: at(61))
        }
        #expect(try registry.session(busy.id, caller: "t", isAdmin: false, now: at(61)).id == busy.id)
        #expect(throws: SessionRegistry.Failure.self) {
            try registry.session(busy.id, caller: "someone-else", isAdmin: false, now: at(61))
        }
        #expect(try registry.session(busy.id, caller: "ada", isAdmin: true, now: at(61)).id == busy.id)
        // The expired one made room.
        _ = try registry.open(owner: "t", profile: nil, startingBalance: nil, now: at(62))
        #expect(registry.list(now: at(109)).count == 2)
        #expect(registry.list(now: at(111)).count == 1)  // `busy`, unused since 50 s, ended at 110 s
        #expect(registry.list(now: at(123)).isEmpty)
    }
}

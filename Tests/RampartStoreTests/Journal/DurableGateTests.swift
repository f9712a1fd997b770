import Foundation
import GRDB
import RampartRules
import RampartTestSupport
import Testing

@testable import RampartStore

@Suite("Durable gate: journal and recovery")
struct DurableGateTests {
    let profile: CompiledProfile
    let clock = ManualClock()

    init() throws { profile = try TestProfile.compile() }

    @Test("an acknowledged decision is in the journal with its profile hash and rule ids")
    func decisionsAreJournaled() async throws {
        let temporary = try TemporaryStore()
        let gate = try DurableGate.open(store: temporary.store, profile: profile, clock: clock.function)
        let allowed = await gate.submit(order(.buy, "1", at: "100"))
        let denied = await gate.submit(order(.buy, "50", at: "100"))
        #expect(allowed.allowed && allowed.permit != nil)
        #expect(!denied.allowed && denied.ruleIDs.contains("max-order-quantity"))
        let rows = try temporary.store.database.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT sequence, allowed, profile_hash, rule_ids, effect FROM journal_orders ORDER BY sequence"
            )
        }
        #expect(rows.count == 2)
        #expect(rows[0]["sequence"] as Int64 == allowed.sequence)
        #expect(rows[0]["allowed"] as Bool == true && rows[0]["effect"] as String == "opening")
        #expect(rows[1]["allowed"] as Bool == false)
        #expect((rows[1]["rule_ids"] as String).contains("max-order-quantity"))
        #expect(rows[0]["profile_hash"] as String == profile.hash)
    }

    @Test("positions and P&L after a restart equal those before it")
    func restartRebuildsPositions() async throws {
        let temporary = try TemporaryStore()
        let gate = try DurableGate.open(store: temporary.store, profile: profile, clock: clock.function)
        try await gate.fill(order(.buy, "2", at: "100"))
        clock.advance(.seconds(5))
        try await gate.fill(order(.sell, "1", at: "110"))
        clock.advance(.seconds(5))
        try await gate.fill(order(.buy, "1", at: "50", symbol: "ETH/USDT", bot: "bot-2"))
        clock.advance(.seconds(5))
        try await gate.fill(order(.sell, "1", at: "49", symbol: "ETH/USDT", bot: "bot-2"))
        let before = gate.snapshot()
        let reopened = try DurableGate.open(store: temporary.store, profile: profile, clock: clock.function)
        let after = reopened.snapshot()
        #expect(after.durableFigures == before.durableFigures)
        #expect(after.positionQuantity(bot: "bot-1", symbol: "BTC/USDT") == d("1"))
        #expect(after.record(ofBot: "bot-2")?.closedTrades == 1)
    }

    @Test("an allowed order with no fill or release at restart is released and journaled as recovered")
    func openOrdersAreReleased() async throws {
        let temporary = try TemporaryStore()
        let gate = try DurableGate.open(store: temporary.store, profile: profile, clock: clock.function)
        let open = await gate.submit(order(.buy, "1", at: "100"))
        #expect(gate.snapshot().pendingQuantity(bot: "bot-1", symbol: "BTC/USDT") == d("1"))
        let reopened = try DurableGate.open(store: temporary.store, profile: profile, clock: clock.function)
        #expect(reopened.snapshot().pendingQuantity(bot: "bot-1", symbol: "BTC/USDT") == .zero)
        let reason = try await temporary.store.database.read { db in
            try String.fetchOne(
                db,
                sql: "SELECT reason FROM journal_releases WHERE order_sequence = ?",
                arguments: [open.sequence]
            )
        }
        #expect(reason == "recovered")
    }

    @Test("a live order in flight at restart keeps its reservation and can be settled from the venue's answer")
    func openLiveOrdersStayReserved() async throws {
        let temporary = try TemporaryStore()
        let live = try TestProfile.compile([.liveTrading: .bool(true), .marketRequire: .quoteRequirement(.none)])
        let gate = try DurableGate.open(store: temporary.store, profile: live, clock: clock.function)
        gate.setPromoted(true, bot: "bot-1")
        var liveOrder = order(.buy, "1", at: "100", id: "live-1")
        liveOrder.mode = .live
        let open = await gate.submit(liveOrder)
        let permit = try #require(open.permit)
        _ = await gate.submit(order(.buy, "2", at: "100"))  // a paper order left open too

        let reopened = try DurableGate.open(store: temporary.store, profile: live, clock: clock.function)
        #expect(reopened.snapshot().pendingQuantity(bot: "bot-1", symbol: "BTC/USDT") == d("1"), "only the live order")
        let recovered = try #require(reopened.recoveredLiveOrders.first)
        #expect(reopened.recoveredLiveOrders.count == 1)
        #expect(recovered.order == permit.order)
        #expect(recovered.time == permit.time, "the same decision time, so the derived client order id is the same")
        #expect(recovered.effect == permit.effect)
        // The venue says it filled: book it with the recovered permit.
        try await reopened.commit(recovered, fill: Fill(quantity: d("1"), price: d("100")))
        let third = try DurableGate.open(store: temporary.store, profile: live, clock: clock.function)
        #expect(third.recoveredLiveOrders.isEmpty)
        #expect(third.snapshot().positionQuantity(bot: "bot-1", symbol: "BTC/USDT") == d("1"))
        #expect(third.snapshot().pendingQuantity(bot: "bot-1", symbol: "BTC/USDT") == .zero)
    }

    @Test("recovery rebuilds the paper record from paper fills only")
    func paperRecordSurvivesRecoveryWithoutLiveFills() async throws {
        let temporary = try TemporaryStore()
        let live = try TestProfile.compile([.liveTrading: .bool(true), .marketRequire: .quoteRequirement(.none)])
        let gate = try DurableGate.open(store: temporary.store, profile: live, clock: clock.function)
        gate.setPromoted(true, bot: "bot-1")
        try await gate.fill(order(.buy, "1", at: "100"))
        try await gate.fill(order(.sell, "1", at: "101"))
        try await gate.fill(order(.buy, "2", at: "101", mode: .live))
        try await gate.fill(order(.sell, "2", at: "100", mode: .live))
        let before = gate.snapshot().paperRecord(ofBot: "bot-1", now: clock.now, startingBalance: d("10000"))
        #expect(before.closedTrades == 1 && before.wins == 1)
        let reopened = try DurableGate.open(store: temporary.store, profile: live, clock: clock.function)
        let after = reopened.snapshot().paperRecord(ofBot: "bot-1", now: clock.now, startingBalance: d("10000"))
        #expect(after == before)
        #expect(reopened.snapshot().record(ofBot: "bot-1")?.closedTrades == 2)
    }

    @Test("rate windows and client order ids survive a restart")
    func windowsAndIDsSurvive() async throws {
        let limited = try TestProfile.compile([.orderRates: .rates([Rate(count: 2, window: .minutes(1))])])
        let temporary = try TemporaryStore()
        let gate = try DurableGate.open(store: temporary.store, profile: limited, clock: clock.function)
        try await gate.fill(order(.buy, "1", at: "100", id: "a"))
        clock.advance(.seconds(3))
        try await gate.fill(order(.buy, "1", at: "101", id: "b"))
        clock.advance(.seconds(3))
        let reopened = try DurableGate.open(store: temporary.store, profile: limited, clock: clock.function)
        let third = await reopened.submit(order(.buy, "1", at: "102", id: "c"))
        #expect(third.ruleIDs.contains("order-rate"))
        clock.advance(.minutes(2))
        let again = await reopened.submit(order(.buy, "1", at: "103", id: "a"))
        #expect(again.ruleIDs.contains("duplicate-order"))
        let fresh = await reopened.submit(order(.buy, "1", at: "103", id: "d"))
        #expect(fresh.allowed)
    }

    @Test("an emergency stop and a timed trip survive a restart; resume is persisted too")
    func tradingStatesSurvive() async throws {
        let temporary = try TemporaryStore()
        let gate = try DurableGate.open(store: temporary.store, profile: profile, clock: clock.function)
        try await gate.setTradingState(.halted, for: .global, reason: "operator stop")
        try await gate.setTradingState(.reducing, for: .bot("bot-1"), reason: "review")
        try await gate.setTradingState(.halted, for: .account("acct"), reason: "stop")
        try await gate.setTradingState(.active, for: .account("acct"), reason: "resume")
        let reopened = try DurableGate.open(store: temporary.store, profile: profile, clock: clock.function)
        let state = reopened.snapshot()
        #expect(state.tradingState(of: .global, at: clock.now) == .halted)
        #expect(state.tradingStateEntry(of: .global).reason == "operator stop")
        #expect(state.tradingState(of: .bot("bot-1"), at: clock.now) == .reducing)
        #expect(state.tradingState(of: .account("acct"), at: clock.now) == .active)
        let denied = await reopened.submit(order(.buy, "1", at: "100", bot: "bot-9"))
        #expect(!denied.allowed && denied.ruleIDs.contains("trading-state"))
    }

    @Test("a trading state set by a rule action is journaled with the denial that set it")
    func ruleActionsArePersisted() async throws {
        let halting = try TestProfile.compile(actions: [.maxOrderQuantity: .haltBot])
        let temporary = try TemporaryStore()
        let gate = try DurableGate.open(store: temporary.store, profile: halting, clock: clock.function)
        let denied = await gate.submit(order(.buy, "50", at: "100"))
        #expect(!denied.allowed)
        let reopened = try DurableGate.open(store: temporary.store, profile: halting, clock: clock.function)
        #expect(reopened.snapshot().tradingState(of: .bot("bot-1"), at: clock.now) == .halted)
        #expect(reopened.snapshot().tradingStateEntry(of: .bot("bot-1")).reason == "max-order-quantity")
    }

    @Test("64 concurrent submitters: every acknowledged decision is journaled once, in one total order")
    func concurrentSubmitters() async throws {
        let roomy = try TestProfile.compile([
            .orderRates: .rates([Rate(count: 100_000, window: .minutes(1))]),
            .maxOpenTrades: .integer(1000), .maxGrossExposure: .decimal(d("100000000")),
        ])
        let temporary = try TemporaryStore()
        let gate = try DurableGate.open(store: temporary.store, profile: roomy, clock: clock.function)
        let results = await withTaskGroup(of: [(Int64?, Bool)].self) { group in
            for task in 0..<64 {
                group.addTask {
                    var acks: [(Int64?, Bool)] = []
                    for index in 0..<20 {
                        let result = try? await gate.fill(
                            order(index % 2 == 0 ? .buy : .sell, "0.01", at: "100", bot: "bot-\(task)")
                        )
                        acks.append((result?.sequence, result?.allowed ?? false))
                    }
                    return acks
                }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
        #expect(results.count == 1280)
        let journaled = try await temporary.store.database.read { db in
            try Row.fetchAll(db, sql: "SELECT sequence, allowed FROM journal_orders").reduce(into: [Int64: Bool]()) {
                $0[$1["sequence"]] = $1["allowed"]
            }
        }
        #expect(journaled.count == 1280)
        for (sequence, allowed) in results { #expect(sequence.flatMap { journaled[$0] } == allowed) }
        let reopened = try DurableGate.open(store: temporary.store, profile: roomy, clock: clock.function)
        #expect(reopened.snapshot().durableFigures == gate.snapshot().durableFigures)
    }
}

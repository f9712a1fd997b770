import Foundation
import GRDB
import RampartRules
import RampartTestSupport
import Testing

@testable import RampartStore

@Suite("Durable gate: resting paper orders survive a restart")
struct RestingOrderJournalTests {
    let profile: CompiledProfile
    let clock = ManualClock()

    init() throws { profile = try TestProfile.compile([.marketRequire: .quoteRequirement(.none)]) }

    /// A buy limit below the ask, judged at the gate's quote (ask 100): not marketable, so it rests.
    func submitRestingBuy(_ gate: DurableGate, id: String? = nil) async throws -> Permit {
        try await submitRestingBuyWithSequence(gate, id: id).permit
    }

    /// `submitRestingBuy`, with the order's journal sequence.
    func submitRestingBuyWithSequence(
        _ gate: DurableGate,
        id: String? = nil
    ) async throws -> (permit: Permit, sequence: Int64) {
        gate.updateQuotes([("BTC/USDT", Quote(bid: d("99.9"), ask: d("100"), time: clock.now))])
        let submitted = await gate.submit(order(.buy, "1", at: "99.5", reference: "100", id: id))
        #expect(submitted.decision?.priceSource == .market)
        return (try #require(submitted.permit), try #require(submitted.sequence))
    }

    @Test("a resting order keeps its reservation across a restart and can then be filled")
    func restingOrderSurvivesRestartAndFills() async throws {
        let temporary = try TemporaryStore()
        let gate = try DurableGate.open(store: temporary.store, profile: profile, clock: clock.function)
        let permit = try await submitRestingBuy(gate)
        let since = clock.now
        let expiresAt = Timestamp(nanoseconds: since.nanoseconds + TimeSpan.hours(1).nanoseconds)
        try await gate.rest(permit, until: expiresAt)
        clock.advance(.minutes(10))

        let reopened = try DurableGate.open(store: temporary.store, profile: profile, clock: clock.function)
        #expect(reopened.recoveredLiveOrders.isEmpty)
        let resting = try #require(reopened.recoveredRestingOrders.first)
        #expect(reopened.recoveredRestingOrders.count == 1)
        #expect(resting.since == since && resting.expiresAt == expiresAt)
        #expect(resting.permit.order == permit.order)
        #expect(resting.permit.time == permit.time && resting.permit.effect == permit.effect)
        #expect(resting.permit.reference == d("100") && resting.permit.priceSource == .market)
        #expect(reopened.snapshot().pendingQuantity(bot: "bot-1", symbol: "BTC/USDT") == d("1"))

        // A later quote crosses it: fill it with the rebuilt permit.
        try await reopened.commit(resting.permit, fill: Fill(quantity: d("1"), price: d("99.5")))
        #expect(reopened.snapshot().pendingQuantity(bot: "bot-1", symbol: "BTC/USDT") == .zero)
        let third = try DurableGate.open(store: temporary.store, profile: profile, clock: clock.function)
        #expect(third.recoveredRestingOrders.isEmpty)
        #expect(third.snapshot().positionQuantity(bot: "bot-1", symbol: "BTC/USDT") == d("1"))
        #expect(third.snapshot().pendingQuantity(bot: "bot-1", symbol: "BTC/USDT") == .zero)
    }

    @Test("a resting order rebuilt at restart can be released (cancelled), and stays released")
    func restingOrderCanBeReleasedAfterRestart() async throws {
        let temporary = try TemporaryStore()
        let gate = try DurableGate.open(store: temporary.store, profile: profile, clock: clock.function)
        let permit = try await submitRestingBuy(gate)
        try await gate.rest(
            permit,
            until: Timestamp(nanoseconds: clock.now.nanoseconds + TimeSpan.hours(1).nanoseconds)
        )

        let reopened = try DurableGate.open(store: temporary.store, profile: profile, clock: clock.function)
        let resting = try #require(reopened.recoveredRestingOrders.first)
        try await reopened.release(resting.permit, reason: "cancelled")
        #expect(reopened.snapshot().pendingQuantity(bot: "bot-1", symbol: "BTC/USDT") == .zero)
        await #expect(throws: DurableGateError.gate(.unknownPermit)) {
            try await reopened.release(resting.permit, reason: "cancelled")
        }

        let third = try DurableGate.open(store: temporary.store, profile: profile, clock: clock.function)
        #expect(third.recoveredRestingOrders.isEmpty)
        #expect(third.snapshot().pendingQuantity(bot: "bot-1", symbol: "BTC/USDT") == .zero)
        let reasons = try await temporary.store.database.read { db in
            try String.fetchAll(db, sql: "SELECT reason FROM journal_releases ORDER BY sequence")
        }
        #expect(reasons == ["cancelled"])
    }

    @Test("a resting order that expired while the process was down is released as expired and holds nothing")
    func expiredRestingOrderIsReleased() async throws {
        let temporary = try TemporaryStore()
        let gate = try DurableGate.open(store: temporary.store, profile: profile, clock: clock.function)
        let (permit, restingSequence) = try await submitRestingBuyWithSequence(gate)
        let expiresAt = Timestamp(nanoseconds: clock.now.nanoseconds + TimeSpan.minutes(1).nanoseconds)
        try await gate.rest(permit, until: expiresAt)
        let plain = try #require(await gate.submit(order(.buy, "2", at: "100", bot: "bot-2")).sequence)  // never rested
        clock.set(expiresAt)  // expiry is not after now: expired

        let reopened = try DurableGate.open(store: temporary.store, profile: profile, clock: clock.function)
        #expect(reopened.recoveredRestingOrders.isEmpty)
        #expect(reopened.snapshot().pendingQuantity(bot: "bot-1", symbol: "BTC/USDT") == .zero)
        #expect(reopened.snapshot().pendingQuantity(bot: "bot-2", symbol: "BTC/USDT") == .zero)
        let reasons = try await temporary.store.database.read { db in
            try Row.fetchAll(db, sql: "SELECT order_sequence, reason FROM journal_releases").reduce(
                into: [Int64: String]()
            ) { $0[$1["order_sequence"]] = $1["reason"] }
        }
        #expect(reasons == [restingSequence: "expired", plain: "recovered"])
        await #expect(throws: DurableGateError.gate(.unknownPermit)) { try await reopened.release(permit) }
    }

    @Test("resting rows take no sequence: orders, fills and releases stay numbered 1, 2, 3 … without gaps")
    func restingRowsLeaveNoGaps() async throws {
        let temporary = try TemporaryStore()
        let gate = try DurableGate.open(store: temporary.store, profile: profile, clock: clock.function)
        let first = try await submitRestingBuy(gate, id: "a")
        let until = Timestamp(nanoseconds: clock.now.nanoseconds + TimeSpan.hours(1).nanoseconds)
        try await gate.rest(first, until: until)
        try await gate.rest(first, until: Timestamp(nanoseconds: until.nanoseconds + 1))  // moves the expiry
        clock.advance(.seconds(5))
        let second = try await submitRestingBuy(gate, id: "b")
        try await gate.rest(second, until: until)
        try await gate.commit(first, fill: Fill(quantity: d("1"), price: d("99.5")))
        try await gate.release(second, reason: "cancelled")
        clock.advance(.seconds(5))
        let third = try await submitRestingBuy(gate, id: "c")
        try await gate.rest(third, until: until)

        let sequences = try await temporary.store.database.read { db in
            try Int64.fetchAll(
                db,
                sql: """
                    SELECT sequence FROM journal_orders UNION ALL SELECT sequence FROM journal_fills
                    UNION ALL SELECT sequence FROM journal_releases ORDER BY 1
                    """
            )
        }
        #expect(sequences == Array(1...5))
        let resting = try temporary.store.database.read { db in
            try Row.fetchAll(db, sql: "SELECT order_sequence, since, expires_at FROM journal_resting ORDER BY 1")
        }
        #expect(resting.count == 3)
        #expect(resting.first?["expires_at"] == until.nanoseconds + 1, "resting again moves the expiry")

        // The next order after a restart continues the sequence.
        let reopened = try DurableGate.open(store: temporary.store, profile: profile, clock: clock.function)
        #expect(reopened.recoveredRestingOrders.map(\.permit.order.clientOrderID) == ["c"])
        clock.advance(.seconds(5))
        let next = await reopened.submit(order(.sell, "1", at: "100", reference: "99.9"))
        #expect(next.sequence == 6)
    }

    @Test("rest refuses a permit that is unknown or already settled")
    func restRefusesSettledPermits() async throws {
        let temporary = try TemporaryStore()
        let gate = try DurableGate.open(store: temporary.store, profile: profile, clock: clock.function)
        let permit = try await submitRestingBuy(gate)
        try await gate.release(permit, reason: "cancelled")
        await #expect(throws: DurableGateError.gate(.unknownPermit)) { try await gate.rest(permit, until: clock.now) }
        let elsewhere = try TemporaryStore()
        let other = try DurableGate.open(store: elsewhere.store, profile: profile, clock: clock.function)
        let foreign = try await submitRestingBuy(other, id: "x")
        await #expect(throws: DurableGateError.gate(.unknownPermit)) { try await gate.rest(foreign, until: clock.now) }
        let count = try await temporary.store.database.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM journal_resting")
        }
        #expect(count == 0)
    }

    @Test("a resting row whose write failed is reported and written with the next write that commits")
    func failedRestIsRetried() async throws {
        let temporary = try TemporaryStore()
        let gate = try DurableGate.open(
            store: temporary.store,
            profile: profile,
            clock: clock.function,
            logger: nil,
            fault: { write in if write == 2 { throw InjectedFault(write: write) } }
        )
        let permit = try await submitRestingBuy(gate)  // write 1
        let until = Timestamp(nanoseconds: clock.now.nanoseconds + TimeSpan.hours(1).nanoseconds)
        let error = await #expect(throws: DurableGateError.self) {
            try await gate.rest(permit, until: until)  // write 2 fails
        }
        guard case .journal(.writeFailed(write: 2, _))? = error else {
            Issue.record("expected the failure of write #2, got \(String(describing: error))")
            return
        }
        try await gate.setTradingState(.active, for: .bot("bot-9"), reason: "probe")  // write 3 commits
        let reopened = try DurableGate.open(store: temporary.store, profile: profile, clock: clock.function)
        #expect(reopened.recoveredRestingOrders.map(\.expiresAt) == [until])
        #expect(reopened.snapshot().pendingQuantity(bot: "bot-1", symbol: "BTC/USDT") == d("1"))
    }

    @Test("a journal snapshot holds the reservations of resting orders as recovery does")
    func snapshotHoldsRestingReservations() async throws {
        let temporary = try TemporaryStore()
        let gate = try DurableGate.open(store: temporary.store, profile: profile, clock: clock.function)
        let permit = try await submitRestingBuy(gate)
        try await gate.rest(
            permit,
            until: Timestamp(nanoseconds: clock.now.nanoseconds + TimeSpan.hours(1).nanoseconds)
        )
        let state = try JournalSnapshot.read(from: temporary.store, profile: profile, at: clock.now)
        #expect(state.pendingQuantity(bot: "bot-1", symbol: "BTC/USDT") == d("1"))
        let released = try await temporary.store.database.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM journal_releases")
        }
        #expect(released == 0, "a snapshot writes nothing")
    }

}

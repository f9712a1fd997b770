import Foundation
import GRDB
import RampartRules
import RampartTestSupport
import Synchronization
import Testing

@testable import RampartStore

/// A paper order decided and executed in one journal write (`submit(execute:)`): one transaction, fills booked in
/// journal order after it, nothing booked when it fails.
@Suite struct InlinePaperJournalTests {
    let profile: CompiledProfile
    let clock = ManualClock()

    init() throws { profile = try TestProfile.compile([.marketRequire: .quoteRequirement(.none)]) }

    func fill(_ permit: Permit) -> InlineExecution {
        .fill(Fill(quantity: permit.order.quantity, price: d("100"), fee: d("0.01")))
    }

    @Test func theDecisionAndItsFillAreOneWriteAndTheFillIsBookedAfterIt() async throws {
        let temporary = try TemporaryStore()
        let writes = WriteCounter()
        let gate = try DurableGate.open(
            store: temporary.store,
            profile: profile,
            clock: clock.function,
            logger: nil,
            fault: { write in writes.count = write }
        )
        let submitted = await gate.submit(order(.buy, "0.5", at: "100")) { permit in fill(permit) }
        guard case .filled(let booked, _)? = submitted.inline else {
            Issue.record("expected an inline fill, got \(String(describing: submitted.inline))")
            return
        }
        #expect(booked.quantity == d("0.5") && writes.count == 1)
        #expect(gate.snapshot().positionQuantity(bot: "bot-1", symbol: "BTC/USDT") == d("0.5"))
        #expect(gate.snapshot().pendingQuantity(bot: "bot-1", symbol: "BTC/USDT") == .zero)
        // A rejection and a resting order are one write each too, and a restart agrees with memory.
        clock.advance(.seconds(5))
        let rejected = await gate.submit(order(.buy, "0.2", at: "100")) { _ in .reject("simulated") }
        guard case .rejected("simulated")? = rejected.inline else {
            Issue.record("expected a rejection, got \(String(describing: rejected.inline))")
            return
        }
        clock.advance(.seconds(5))
        let until = Timestamp(nanoseconds: clock.now.nanoseconds + TimeSpan.hours(1).nanoseconds)
        let rested = await gate.submit(order(.buy, "0.3", at: "100")) { _ in .rest(until: until) }
        guard case .resting(_, until)? = rested.inline else {
            Issue.record("expected a resting order, got \(String(describing: rested.inline))")
            return
        }
        #expect(writes.count == 3)
        #expect(gate.snapshot().pendingQuantity(bot: "bot-1", symbol: "BTC/USDT") == d("0.3"))
        let reopened = try DurableGate.open(store: temporary.store, profile: profile, clock: clock.function)
        #expect(reopened.snapshot().durableFigures == gate.snapshot().durableFigures)
        #expect(reopened.recoveredRestingOrders.map(\.expiresAt) == [until])
    }

    @Test func whenTheWriteFailsTheOrderIsDeniedAndItsFillIsNeitherBookedNorRetried() async throws {
        let temporary = try TemporaryStore()
        let gate = try DurableGate.open(
            store: temporary.store,
            profile: profile,
            clock: clock.function,
            logger: nil,
            fault: { write in if write == 1 { throw InjectedFault(write: write) } }
        )
        let failed = await gate.submit(order(.buy, "0.5", at: "100")) { permit in fill(permit) }
        #expect(failed.storageFailure != nil && failed.inline == nil && !failed.allowed)
        #expect(gate.snapshot().positionQuantity(bot: "bot-1", symbol: "BTC/USDT") == .zero)
        #expect(gate.snapshot().pendingQuantity(bot: "bot-1", symbol: "BTC/USDT") == .zero)
        // The next write (the probe) commits; the failed order's fill never reaches the journal.
        clock.advance(.seconds(5))
        _ = await gate.submit(order(.buy, "0.1", at: "100", bot: "bot-2"))
        let fills = try await temporary.store.database.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM journal_fills") ?? -1
        }
        #expect(fills == 0)
        #expect(gate.snapshot().positionQuantity(bot: "bot-1", symbol: "BTC/USDT") == .zero)
    }
}

/// The number of the last journal write, seen from the fault seam.
final class WriteCounter: Sendable {
    private let value = Mutex(0)
    var count: Int {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}

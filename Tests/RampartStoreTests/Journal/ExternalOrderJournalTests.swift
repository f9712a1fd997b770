import Foundation
import GRDB
import RampartRules
import RampartTestSupport
import Testing

@testable import RampartStore

/// Bot-executed orders in the journal: the reservation is journaled with the decision, every reported fill with its
/// fill id, and a restart holds what is not filled again.
@Suite struct ExternalOrderJournalTests {
    let profile: CompiledProfile
    let clock = ManualClock()

    init() throws { profile = try TestProfile.compile([.marketRequire: .quoteRequirement(.none)]) }

    var inAnHour: Timestamp { Timestamp(nanoseconds: clock.now.nanoseconds + TimeSpan.hours(1).nanoseconds) }

    func reserve(_ gate: DurableGate, _ quantity: String = "4", id: String = "ext-1") async throws -> Permit {
        let submitted = await gate.submit(order(.buy, quantity, at: "100", id: id), externalUntil: inAnHour)
        return try #require(submitted.permit)
    }

    @Test func aPartlyFilledReservationIsHeldAgainAfterARestartForWhatIsLeft() async throws {
        let temporary = try TemporaryStore()
        let gate = try DurableGate.open(store: temporary.store, profile: profile, clock: clock.function)
        let permit = try await reserve(gate)
        let booked = try await gate.commitPart(
            permit,
            fill: Fill(quantity: d("1"), price: d("100"), fee: d("0.1")),
            fillID: "t-1",
            priceCheck: .unchecked
        )
        #expect(booked.remaining == d("3"))
        clock.advance(.minutes(5))

        let reopened = try DurableGate.open(store: temporary.store, profile: profile, clock: clock.function)
        let held = try #require(reopened.recoveredExternalOrders.first)
        #expect(reopened.recoveredExternalOrders.count == 1 && reopened.recoveredLiveOrders.isEmpty)
        #expect(held.filled == d("1") && held.fillIDs == ["t-1"] && held.expiresAt == inAnHour.adding(-5))
        #expect(held.permit.order == permit.order)
        #expect(reopened.snapshot().positionQuantity(bot: "bot-1", symbol: "BTC/USDT") == d("1"))
        #expect(reopened.snapshot().pendingQuantity(bot: "bot-1", symbol: "BTC/USDT") == d("3"))

        // The rest fills: the order is done, and a third start holds nothing.
        let rest = try await reopened.commitPart(
            held.permit,
            fill: Fill(quantity: d("3"), price: d("101")),
            fillID: "t-2",
            priceCheck: .ok
        )
        #expect(rest.remaining == .zero)
        let third = try DurableGate.open(store: temporary.store, profile: profile, clock: clock.function)
        #expect(third.recoveredExternalOrders.isEmpty)
        #expect(third.snapshot().positionQuantity(bot: "bot-1", symbol: "BTC/USDT") == d("4"))
        #expect(third.snapshot().pendingQuantity(bot: "bot-1", symbol: "BTC/USDT") == .zero)
        let second = try #require(try third.journaledFill(clientOrderID: "ext-1", fillID: "t-2"))
        #expect(second.fill.quantity == d("3") && second.fill.price == d("101") && second.priceCheck == .ok)
        let record = try #require(try third.journaledDecision(clientOrderID: "ext-1"))
        #expect(
            record.execution
                == .external(quantity: d("4"), filled: d("4"), releasedBecause: nil, expiresAt: inAnHour.adding(-5))
        )
    }

    @Test func aReservationThatExpiredWhileDownIsReleasedAtStart() async throws {
        let temporary = try TemporaryStore()
        let gate = try DurableGate.open(store: temporary.store, profile: profile, clock: clock.function)
        let permit = try await reserve(gate)
        _ = try await gate.commitPart(
            permit,
            fill: Fill(quantity: d("1"), price: d("100")),
            fillID: "t-1",
            priceCheck: .ok
        )
        clock.advance(.hours(2))
        let reopened = try DurableGate.open(store: temporary.store, profile: profile, clock: clock.function)
        #expect(reopened.recoveredExternalOrders.isEmpty)
        #expect(reopened.expiredExternalAtOpen == ["ext-1"])
        #expect(reopened.snapshot().pendingQuantity(bot: "bot-1", symbol: "BTC/USDT") == .zero)
        #expect(reopened.snapshot().positionQuantity(bot: "bot-1", symbol: "BTC/USDT") == d("1"))
        let record = try #require(try reopened.journaledDecision(clientOrderID: "ext-1"))
        guard case .external(_, let filled, let releasedBecause, _) = record.execution else {
            Issue.record("not an external order: \(record.execution)")
            return
        }
        #expect(filled == d("1") && releasedBecause == "expired")
        // Released once: the next start releases nothing more.
        let third = try DurableGate.open(store: temporary.store, profile: profile, clock: clock.function)
        #expect(third.expiredExternalAtOpen.isEmpty)
    }

    @Test func aReleasedReservationStaysReleasedAndAnUnfilledOneIsHeldWhole() async throws {
        let temporary = try TemporaryStore()
        let gate = try DurableGate.open(store: temporary.store, profile: profile, clock: clock.function)
        let released = try await reserve(gate, id: "ext-1")
        _ = try await reserve(gate, "2", id: "ext-2")
        try await gate.release(released, reason: "cancelled")
        let reopened = try DurableGate.open(store: temporary.store, profile: profile, clock: clock.function)
        #expect(reopened.recoveredExternalOrders.map(\.permit.order.clientOrderID) == ["ext-2"])
        #expect(reopened.recoveredExternalOrders.first?.filled == .zero)
        #expect(reopened.snapshot().pendingQuantity(bot: "bot-1", symbol: "BTC/USDT") == d("2"))
    }

    @Test func aFillAboveTheRestIsRefusedAndNotJournaled() async throws {
        let temporary = try TemporaryStore()
        let gate = try DurableGate.open(store: temporary.store, profile: profile, clock: clock.function)
        let permit = try await reserve(gate, "1")
        do {
            _ = try await gate.commitPart(
                permit,
                fill: Fill(quantity: d("2"), price: d("100")),
                fillID: "t-1",
                priceCheck: .ok
            )
            Issue.record("a fill above the reservation was booked")
        } catch {
            #expect(error == .gate(.exceedsReservation(remaining: d("1"))))
        }
        #expect(try gate.journaledFill(clientOrderID: "ext-1", fillID: "t-1") == nil)
        let count = try await temporary.store.database.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM journal_fills")
        }
        #expect(count == 0)
    }

    /// A database journaled before bot-executed orders (journal-v4) keeps its fills when v5 rebuilds the table.
    @Test func theV5MigrationKeepsEarlierFills() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("v4-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("old.sqlite").path
        do {
            let queue = try DatabaseQueue(path: path)
            try Store.migrator.migrate(queue, upTo: "journal-v4-findings")
            try queue.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO journal_orders (sequence, time, bot, account, symbol, side, type, quantity, price,
                        mode, allowed, profile_hash, rule_ids, effect) VALUES
                        (1, 1, 'bot-1', 'default', 'BTC/USDT', 'buy', 'limit', '1', '100', 'paper', 1, 'h', '', 'opening');
                        INSERT INTO journal_fills (sequence, order_sequence, time, quantity, price, fee, realized_pnl,
                        price_source) VALUES (2, 1, 2, '1', '100', '0.1', '0', 'market');
                        """
                )
            }
        }
        let store = try Store(path: path)
        let gate = try DurableGate.open(store: store, profile: profile, clock: clock.function)
        #expect(gate.snapshot().positionQuantity(bot: "bot-1", symbol: "BTC/USDT") == d("1"))
        let row = try store.database.read { db in
            try Row.fetchOne(db, sql: "SELECT fill_id, price_check, price_source FROM journal_fills WHERE sequence = 2")
        }
        #expect(row?["fill_id"] == nil && row?["price_check"] == nil)
        #expect(row?["price_source"] == "market")
    }
}

extension Timestamp {
    /// This time moved by `minutes` (negative: earlier); tests only.
    fileprivate func adding(_ minutes: Int64) -> Timestamp {
        Timestamp(nanoseconds: nanoseconds + minutes * 60 * 1_000_000_000)
    }
}

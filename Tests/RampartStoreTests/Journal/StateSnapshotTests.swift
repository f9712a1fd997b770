import Foundation
import GRDB
import RampartCrypto
import RampartRules
import RampartTestSupport
import Testing

@testable import RampartStore

/// State snapshots: recovery from the newest sound snapshot plus the rows after it equals a fold of the whole
/// journal; a damaged, older-format or unfitting snapshot is skipped, never trusted.
@Suite struct StateSnapshotTests {
    let profile: CompiledProfile
    let clock = ManualClock()

    init() throws { profile = try TestProfile.compile([.marketRequire: .quoteRequirement(.none)]) }

    /// Round trips and open positions over three bots and two symbols, a paper loss among them.
    func trade(_ gate: DurableGate, rounds: Int) async throws {
        for round in 0..<rounds {
            for bot in ["bot-1", "bot-2", "bot-3"] {
                clock.advance(.seconds(3))
                let symbol = round % 2 == 0 ? "BTC/USDT" : "ETH/USDT"
                let buy = await gate.submit(order(.buy, "1", at: "100", symbol: symbol, bot: bot))
                if let permit = buy.permit {
                    try await gate.commit(permit, fill: Fill(quantity: d("1"), price: d("100"), fee: d("0.1")))
                }
                clock.advance(.seconds(3))
                let price = bot == "bot-2" ? "99" : "101.5"
                let sell = await gate.submit(order(.sell, "0.5", at: price, symbol: symbol, bot: bot))
                if let permit = sell.permit {
                    try await gate.commit(permit, fill: Fill(quantity: d("0.5"), price: d(price), fee: d("0.05")))
                }
            }
        }
    }

    func open(_ temporary: TemporaryStore, snapshots: SnapshotPolicy) throws -> DurableGate {
        try DurableGate.open(store: temporary.store, profile: profile, clock: clock.function, snapshots: snapshots)
    }

    /// Commits an order and its release (journal rows that change no position) and waits a little: snapshots are
    /// taken after commits.
    func nudge(_ gate: DurableGate) async throws {
        clock.advance(.seconds(3))
        if let permit = await gate.submit(order(.buy, "0.01", at: "100", bot: "nudge")).permit {
            try await gate.release(permit)
        }
        try await Task.sleep(for: .milliseconds(20))
    }

    /// Nudges `gate` until the newest snapshot covers `sequence` (or 200 nudges passed); returns what it covers.
    func nudge(_ gate: DurableGate, untilASnapshotCovers sequence: Int64, in store: Store) async throws -> Int64 {
        func newest() async throws -> Int64 {
            try await store.database.read { db in
                try Int64.fetchOne(db, sql: "SELECT MAX(sequence) FROM state_snapshots") ?? 0
            }
        }
        var covered: Int64 = 0
        for _ in 0..<200 where covered < sequence {
            try await nudge(gate)
            covered = try await newest()
        }
        // A pass may still be running: once it ends, the newest snapshot stays the newest.
        await gate.snapshotsSettled()
        return try await newest()
    }

    func snapshotCount(_ store: Store) async throws -> Int {
        try await store.database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM state_snapshots") ?? 0 }
    }

    /// The state recovery rebuilds, the sequence of the snapshot it started from, and the journal's fold.
    func recover(
        _ store: Store
    ) throws -> (
        state: RiskState, snapshot: Int64?, rejected: [String], fold: JournalFold, result: JournalRecovery.Result
    ) { try recover(store.database) }

    /// A full replay of the journal, its snapshots left out, made on a copy of the database: the gate's snapshotter
    /// runs on its own and may write a snapshot into the original at any moment, also after a `DELETE` there.
    func replayWithoutSnapshots(
        _ temporary: TemporaryStore
    ) async throws -> (
        state: RiskState, snapshot: Int64?, rejected: [String], fold: JournalFold, result: JournalRecovery.Result
    ) {
        let copy = try DatabaseQueue(
            path: temporary.directory.appendingPathComponent("replay-\(UUID().uuidString).sqlite").path
        )
        try temporary.store.database.backup(to: copy)
        try await copy.write { db in try db.execute(sql: "DELETE FROM state_snapshots") }
        return try recover(copy)
    }

    func recover(
        _ database: some DatabaseReader
    ) throws -> (
        state: RiskState, snapshot: Int64?, rejected: [String], fold: JournalFold, result: JournalRecovery.Result
    ) {
        try database.read { db in
            let result = try JournalRecovery.rebuild(db, profile: profile, now: clock.now)
            return (result.state, result.snapshotSequence, result.rejectedSnapshots, result.fold, result)
        }
    }

    /// What recovery rebuilt besides the fill-made figures: rate windows, duplicate memory, open orders and their
    /// reservations, for comparing two recoveries.
    func orderFigures(_ recovered: JournalRecovery.Result) -> [String] {
        var lines = ["memory \(recovered.state.orderMemory)", "open \(recovered.fold.open.sorted { $0.key < $1.key })"]
        lines.append("paper released \(recovered.openOrders) expired \(recovered.expiredRestingOrders)")
        lines.append("resting \(recovered.restingOrders.map { ($0.sequence, $0.order.expiresAt) })")
        lines.append("live \(recovered.openLiveOrders.map(\.sequence))")
        lines.append("external \(recovered.externalOrders.map { ($0.sequence, $0.order.filled, $0.order.fillIDs) })")
        for key in recovered.state.positionKeys {
            lines.append("pending \(key) \(recovered.state.pendingQuantity(bot: key.bot, symbol: key.symbol))")
        }
        for bot in recovered.state.botNames {
            for window in [TimeSpan.minutes(1), .hours(1), .days(1)] {
                let orders = recovered.state.rateWindowUse(bot: bot, window: window, at: clock.now)
                let entries = recovered.state.rateWindowUse(bot: bot, window: window, at: clock.now, entries: true)
                lines.append("\(bot) \(window): \(orders) orders, \(entries) entries")
            }
        }
        return lines.sorted()
    }

    /// Everything fills make, by name, for comparing two states.
    func figures(_ state: RiskState) -> [String] {
        var lines = state.durableFigures.map { "\($0.key): \($0.value)" }
        for bot in state.botNames {
            if let record = state.record(ofBot: bot) { lines.append("\(record)") }
        }
        return lines.sorted()
    }

    var inAnHour: Timestamp { Timestamp(nanoseconds: clock.now.nanoseconds + TimeSpan.hours(1).nanoseconds) }

    /// Orders left open: a paper order never filled, a resting one, a bot-executed one partly filled, and one that is
    /// released later; returns the permits still to settle (the bot-executed one and the one to release).
    func leaveOrdersOpen(_ gate: DurableGate) async throws -> (external: Permit, toRelease: Permit) {
        clock.advance(.seconds(3))
        _ = try #require(await gate.submit(order(.buy, "0.1", at: "100", bot: "bot-5")).permit)
        let resting = try #require(await gate.submit(order(.buy, "0.2", at: "99", bot: "bot-6")).permit)
        try await gate.rest(resting, until: inAnHour)
        let external = try #require(
            await gate.submit(order(.buy, "4", at: "100", bot: "bot-7", id: "ext-1"), externalUntil: inAnHour).permit
        )
        _ = try await gate.commitPart(
            external,
            fill: Fill(quantity: d("1"), price: d("100"), fee: d("0.1")),
            fillID: "t-1",
            priceCheck: .unchecked
        )
        let toRelease = try #require(await gate.submit(order(.buy, "0.3", at: "100", bot: "bot-8")).permit)
        return (external, toRelease)
    }

    @Test func recoveryFromTheNewestSnapshotEqualsAFoldOfTheWholeJournal() async throws {
        let temporary = try TemporaryStore()
        let gate = try open(temporary, snapshots: SnapshotPolicy(everyRows: 4, minimumInterval: .zero))
        try await trade(gate, rounds: 4)
        let open = try await leaveOrdersOpen(gate)
        let openedUpTo = try await temporary.store.database.read { db in try JournalFold.lastSequence(db) }
        try await trade(gate, rounds: 1)
        let covered = try await nudge(gate, untilASnapshotCovers: openedUpTo, in: temporary.store)
        #expect(covered >= openedUpTo)  // the newest snapshot holds the open orders
        // Rows after the newest snapshot: more trades, another fill of the bot-executed order, a release.
        try await trade(gate, rounds: 1)
        _ = try await gate.commitPart(
            open.external,
            fill: Fill(quantity: d("1"), price: d("100"), fee: d("0.1")),
            fillID: "t-2",
            priceCheck: .unchecked
        )
        try await gate.release(open.toRelease)
        let count = try await snapshotCount(temporary.store)
        #expect(count >= 1 && count <= StateSnapshots.kept)
        let fromSnapshot = try recover(temporary.store)
        #expect(fromSnapshot.snapshot != nil && fromSnapshot.rejected.isEmpty)
        let replayed = try await replayWithoutSnapshots(temporary)
        #expect(replayed.snapshot == nil)
        #expect(figures(fromSnapshot.state) == figures(replayed.state))
        #expect(figures(fromSnapshot.state) == figures(gate.snapshot()))
        #expect(fromSnapshot.state.fillLedger == replayed.state.fillLedger)
        #expect(orderFigures(fromSnapshot.result) == orderFigures(replayed.result))
        #expect(fromSnapshot.result.openOrders.count == 1 && fromSnapshot.result.restingOrders.count == 1)
        #expect(fromSnapshot.result.externalOrders.first?.order.filled == d("2"))
        #expect(fromSnapshot.fold.sequence == replayed.fold.sequence)
    }

    /// A gate started from recovery folds the fills of orders placed before its start (their names read from the
    /// journal) into the snapshots it takes.
    @Test func snapshotsAfterARestartFoldFillsOfOrdersPlacedBeforeIt() async throws {
        let temporary = try TemporaryStore()
        let policy = SnapshotPolicy(everyRows: 2, minimumInterval: .zero)
        let first = try open(temporary, snapshots: policy)
        try await trade(first, rounds: 2)
        _ = try await leaveOrdersOpen(first)
        let reopened = try open(temporary, snapshots: policy)
        let external = try #require(reopened.recoveredExternalOrders.first)
        _ = try await reopened.commitPart(
            external.permit,
            fill: Fill(quantity: d("1.5"), price: d("101"), fee: d("0.1")),
            fillID: "t-2",
            priceCheck: .unchecked
        )
        let filledAt = try await temporary.store.database.read { db in try JournalFold.lastSequence(db) }
        try await trade(reopened, rounds: 2)
        let covered = try await nudge(reopened, untilASnapshotCovers: filledAt, in: temporary.store)
        #expect(covered >= filledAt)
        let fromSnapshot = try recover(temporary.store)
        #expect(fromSnapshot.snapshot == covered && fromSnapshot.rejected.isEmpty)
        let replayed = try await replayWithoutSnapshots(temporary)
        #expect(figures(fromSnapshot.state) == figures(replayed.state))
        #expect(figures(fromSnapshot.state) == figures(reopened.snapshot()))
        #expect(orderFigures(fromSnapshot.result) == orderFigures(replayed.result))
        #expect(fromSnapshot.result.externalOrders.first?.order.filled == d("2.5"))
    }

    /// A graceful stop snapshots every committed row, whatever the policy's pace: the next start folds none.
    @Test func aSnapshotForTheStopCoversTheWholeJournal() async throws {
        let temporary = try TemporaryStore()
        let gate = try open(temporary, snapshots: SnapshotPolicy(everyRows: 10_000, minimumInterval: .seconds(60)))
        try await trade(gate, rounds: 3)
        _ = try await leaveOrdersOpen(gate)
        #expect(try await snapshotCount(temporary.store) == 0)
        let last = try await temporary.store.database.read { db in try JournalFold.lastSequence(db) }
        #expect(await gate.snapshotForStop() == last)
        let fromSnapshot = try recover(temporary.store)
        #expect(fromSnapshot.snapshot == last && fromSnapshot.result.foldedRows == 0)
        try await temporary.store.database.write { db in try db.execute(sql: "DELETE FROM state_snapshots") }
        let replayed = try recover(temporary.store)
        #expect(figures(fromSnapshot.state) == figures(replayed.state))
        #expect(orderFigures(fromSnapshot.result) == orderFigures(replayed.result))
        let never = try open(TemporaryStore(), snapshots: .never)
        #expect(await never.snapshotForStop() == nil)
    }

    @Test func anOlderFormatSnapshotIsSkippedForTheWholeJournal() async throws {
        let temporary = try TemporaryStore()
        let gate = try open(temporary, snapshots: .never)
        try await trade(gate, rounds: 3)
        _ = try await leaveOrdersOpen(gate)
        let expected = try recover(temporary.store)
        // A fills-only snapshot as journal-v6 wrote them, sound in itself, covering the journal's last row.
        let old = Array(
            (StateSnapshots.fillsOnlyHeader + "\n"
                + StateSnapshots.ledgerLines(expected.state.fillLedger)
                .joined(separator: "\n")).utf8
        )
        try await temporary.store.database.write { db in
            try db.execute(
                sql:
                    "INSERT INTO state_snapshots (sequence, taken_at, fills, payload, checksum) VALUES (?, 0, 0, ?, ?)",
                arguments: [expected.fold.sequence, Data(old), Hex.encode(SHA256Digest.hash(old))]
            )
        }
        let recovered = try recover(temporary.store)
        #expect(recovered.snapshot == nil)
        #expect(recovered.rejected.count == 1 && recovered.rejected[0].contains("older format"))
        #expect(figures(recovered.state) == figures(expected.state))
        #expect(orderFigures(recovered.result) == orderFigures(expected.result))
        let reopened = try DurableGate.open(store: temporary.store, profile: profile, clock: clock.function)
        #expect(reopened.recoveredRestingOrders.count == 1 && reopened.recoveredExternalOrders.count == 1)
    }

    @Test func aClientOrderIDIsRefusedAgainAfterASnapshotAndAfterARestart() async throws {
        let temporary = try TemporaryStore()
        let gate = try open(temporary, snapshots: SnapshotPolicy(everyRows: 2, minimumInterval: .zero))
        #expect(try await gate.fill(order(.buy, "1", at: "100", id: "a")).allowed)
        clock.advance(.seconds(3))
        let denied = await gate.submit(order(.buy, "50", at: "100", id: "too-big"))
        #expect(!denied.allowed && !denied.ruleIDs.contains("storage"))
        for index in 0..<6 {
            clock.advance(.seconds(3))
            try await gate.fill(order(.sell, "0.1", at: "\(100 + index)", id: "s-\(index)"))
        }
        // Once a snapshot covers them, memory forgets the ids; the journal answers for them.
        for _ in 0..<200 where gate.snapshot().rememberedClientOrderIDs > 0 { try await nudge(gate) }
        #expect(gate.snapshot().rememberedClientOrderIDs == 0)
        #expect(!gate.snapshot().hasSeenClientOrderID("a"))
        #expect(gate.hasSeen(clientOrderID: "a") && gate.hasJournaledAnswer(clientOrderID: "too-big"))
        clock.advance(.minutes(2))
        let again = await gate.submit(order(.buy, "1", at: "97", id: "a"))
        #expect(!again.allowed && again.ruleIDs.contains("duplicate-order"))

        let reopened = try DurableGate.open(store: temporary.store, profile: profile, clock: clock.function)
        #expect(reopened.snapshot().rememberedClientOrderIDs == 0)
        #expect(reopened.hasSeen(clientOrderID: "s-0") && !reopened.hasSeen(clientOrderID: "too-big"))
        #expect(
            reopened.hasJournaledAnswer(clientOrderID: "too-big") && !reopened.hasJournaledAnswer(clientOrderID: "new")
        )
        clock.advance(.minutes(2))
        for id in ["a", "s-5"] {
            let repeated = await reopened.submit(order(.buy, "1", at: "96", id: id))
            #expect(!repeated.allowed && repeated.ruleIDs.contains("duplicate-order"))
        }
        #expect(await reopened.submit(order(.buy, "1", at: "96", id: "new")).allowed)
        clock.advance(.minutes(2))
        let repeated = await reopened.submit(order(.buy, "1", at: "95", id: "new"))
        #expect(!repeated.allowed && repeated.ruleIDs.contains("duplicate-order"))
    }

    @Test func aDamagedSnapshotIsSkippedForAnOlderOneOrAFullReplay() async throws {
        let temporary = try TemporaryStore()
        let gate = try open(temporary, snapshots: SnapshotPolicy(everyRows: 2, minimumInterval: .zero))
        try await trade(gate, rounds: 6)
        for _ in 0..<100 where try await snapshotCount(temporary.store) < 2 { try await nudge(gate) }
        let expected = figures(gate.snapshot())
        let newest = try await temporary.store.database.read { db in
            try Int64.fetchOne(db, sql: "SELECT MAX(sequence) FROM state_snapshots")
        }
        // A flipped byte in the newest payload: its checksum fails; an older snapshot is used.
        try await temporary.store.database.write { db in
            let payload = try #require(
                try Data.fetchOne(
                    db,
                    sql: "SELECT payload FROM state_snapshots WHERE sequence = ?",
                    arguments: [newest]
                )
            )
            var damaged = [UInt8](payload)
            damaged[damaged.count / 2] ^= 0x01
            try db.execute(
                sql: "UPDATE state_snapshots SET payload = ? WHERE sequence = ?",
                arguments: [Data(damaged), newest]
            )
        }
        let older = try recover(temporary.store)
        #expect(older.rejected.count == 1 && older.snapshot != nil && older.snapshot != newest)
        #expect(figures(older.state) == expected)
        // Every checksum wrong: every fill is replayed, and the state is still the same.
        try await temporary.store.database.write { db in
            try db.execute(sql: "UPDATE state_snapshots SET checksum = 'x'")
        }
        let full = try recover(temporary.store)
        #expect(full.snapshot == nil && !full.rejected.isEmpty)
        #expect(figures(full.state) == expected)
    }

    @Test func aSnapshotThatNoLongerFitsTheProfileIsNotUsed() async throws {
        let temporary = try TemporaryStore()
        let gate = try open(temporary, snapshots: SnapshotPolicy(everyRows: 2, minimumInterval: .zero))
        try await trade(gate, rounds: 2)
        for _ in 0..<100 where try await snapshotCount(temporary.store) < 1 { try await nudge(gate) }
        let richer = try TestProfile.compile([.marketRequire: .quoteRequirement(.none)], startingBalance: "20000")
        let result = try await temporary.store.database.read { db in
            try JournalRecovery.rebuild(db, profile: richer, now: clock.now)
        }
        #expect(result.snapshotSequence == nil)
        #expect(result.rejectedSnapshots.allSatisfy { $0.contains("starting balance") })
        #expect(result.state.summary(ofAccount: "default")?.equity.description.hasPrefix("20") == true)
    }

    /// Rate-window events older than twice the profile's longest window before a bot's newest are left out of
    /// snapshots: they can count in no window. A profile with a longer window does not use such a snapshot.
    @Test func snapshotsLeaveOutEventsNoWindowCanCount() async throws {
        let temporary = try TemporaryStore()
        let gate = try open(temporary, snapshots: .never)
        try await trade(gate, rounds: 1)
        clock.advance(.days(3))  // the test profile's longest window is a day (trades; orders: an hour)
        try await trade(gate, rounds: 1)
        #expect(await gate.snapshotForStop() == nil)  // `.never` takes none
        let fold = try recover(temporary.store).fold
        let memory = fold.state.orderMemory
        #expect(memory.orderSpan == TimeSpan.hours(1).nanoseconds && memory.entrySpan == TimeSpan.days(1).nanoseconds)
        #expect(memory.bots.allSatisfy { $0.orderTimes.count == 2 && $0.entryTimes.count == 1 })
        let payload = try #require(StateSnapshots.encode(fold))
        let content = try #require(StateSnapshots.decode(payload))
        #expect(content.memory == memory)

        let snapshotting = try open(temporary, snapshots: SnapshotPolicy(everyRows: 2, minimumInterval: .zero))
        #expect(await snapshotting.snapshotForStop() != nil)
        let fromSnapshot = try recover(temporary.store)
        #expect(fromSnapshot.snapshot != nil)
        try await temporary.store.database.write { db in try db.execute(sql: "DELETE FROM state_snapshots") }
        let replayed = try recover(temporary.store)
        #expect(orderFigures(fromSnapshot.result) == orderFigures(replayed.result))
        #expect(figures(fromSnapshot.state) == figures(replayed.state))
        try await nudge(snapshotting)  // a row the deleted snapshots did not cover, for a new one
        #expect(await snapshotting.snapshotForStop() != nil)
        #expect(try await snapshotCount(temporary.store) == 1)

        let longer = try TestProfile.compile([
            .marketRequire: .quoteRequirement(.none),
            .tradeRates: .rates([Rate(count: 50, window: .days(7))]),
        ])
        let result = try await temporary.store.database.read { db in
            try JournalRecovery.rebuild(db, profile: longer, now: clock.now)
        }
        #expect(result.snapshotSequence == nil)
        #expect(result.rejectedSnapshots.contains { $0.contains("shorter span") }, "\(result.rejectedSnapshots)")
    }

    @Test func aLargeSnapshotIsWrittenInPartsAndAMissingPartIsNotTrusted() async throws {
        let temporary = try TemporaryStore()
        var policy = SnapshotPolicy(everyRows: 4, minimumInterval: .zero)
        policy.partSize = 100
        let gate = try open(temporary, snapshots: policy)
        try await trade(gate, rounds: 3)
        let openedUpTo = try await temporary.store.database.read { db in try JournalFold.lastSequence(db) }
        func newestSnapshot() async throws -> (sequence: Int64, parts: Int) {
            try await temporary.store.database.read { db in
                let row = try Row.fetchOne(
                    db,
                    sql: "SELECT sequence, parts FROM state_snapshots ORDER BY sequence DESC LIMIT 1"
                )
                return (row?["sequence"] ?? 0, row?["parts"] ?? 0)
            }
        }
        var newest: (sequence: Int64, parts: Int) = (0, 0)
        for _ in 0..<200 where newest.sequence < openedUpTo {
            try await nudge(gate)
            newest = try await newestSnapshot()
        }
        // A pass may still be running: once it ends, the newest snapshot stays the newest.
        await gate.snapshotsSettled()
        newest = try await newestSnapshot()
        #expect(newest.parts > 1)
        let damaged = newest.sequence
        let fromSnapshot = try recover(temporary.store)
        #expect(fromSnapshot.snapshot == newest.sequence && fromSnapshot.rejected.isEmpty)
        try await temporary.store.database.write { db in
            try db.execute(
                sql: "DELETE FROM state_snapshot_parts WHERE sequence = ? AND part = 1",
                arguments: [damaged]
            )
        }
        let skipped = try recover(temporary.store)
        #expect(skipped.snapshot != newest.sequence && skipped.rejected.first?.contains("part is missing") == true)
        #expect(figures(skipped.state) == figures(fromSnapshot.state))
        #expect(orderFigures(skipped.result) == orderFigures(fromSnapshot.result))
    }

    @Test func thePayloadRoundTrips() async throws {
        let temporary = try TemporaryStore()
        let gate = try open(temporary, snapshots: .never)
        try await trade(gate, rounds: 3)
        _ = await gate.submit(order(.buy, "0.25", at: "100", bot: "bot-4"))  // open: no fill, no release
        let fold = try recover(temporary.store).fold
        #expect(fold.open.count == 1 && !fold.state.orderMemory.bots.isEmpty)
        let payload = try #require(StateSnapshots.encode(fold))
        let content = try #require(StateSnapshots.decode(payload))
        #expect(content.ledger == fold.state.fillLedger)
        #expect(content.memory == fold.state.orderMemory)
        #expect(content.open == fold.open)
        #expect(StateSnapshots.decode(Array("rampart-state 3\n\0".utf8)) == nil)
        #expect(StateSnapshots.decode(payload.dropLast(3).map { $0 }) == nil)
    }
}

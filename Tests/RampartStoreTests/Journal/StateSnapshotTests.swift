import Foundation
import GRDB
import RampartRules
import RampartTestSupport
import Testing

@testable import RampartStore

/// State snapshots: recovery from the newest sound snapshot plus the fills after it equals a replay of every fill;
/// a damaged or unfitting snapshot is skipped, never trusted.
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

    func snapshotCount(_ store: Store) async throws -> Int {
        try await store.database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM state_snapshots") ?? 0 }
    }

    /// The state recovery rebuilds, and the sequence of the snapshot it started from.
    func recover(_ store: Store) throws -> (state: RiskState, snapshot: Int64?, rejected: [String]) {
        try store.database.read { db in
            let result = try JournalRecovery.rebuild(db, profile: profile, now: clock.now)
            return (result.state, result.snapshotSequence, result.rejectedSnapshots)
        }
    }

    /// Everything fills make, by name, for comparing two states.
    func figures(_ state: RiskState) -> [String] {
        var lines = state.durableFigures.map { "\($0.key): \($0.value)" }
        for bot in state.botNames {
            if let record = state.record(ofBot: bot) { lines.append("\(record)") }
        }
        return lines.sorted()
    }

    @Test func recoveryFromTheNewestSnapshotEqualsAReplayOfEveryFill() async throws {
        let temporary = try TemporaryStore()
        let gate = try DurableGate.open(
            store: temporary.store,
            profile: profile,
            clock: clock.function,
            snapshots: SnapshotPolicy(everyFills: 4, minimumInterval: .zero)
        )
        try await trade(gate, rounds: 4)
        for _ in 0..<100 where try await snapshotCount(temporary.store) < 2 {
            try await Task.sleep(for: .milliseconds(20))
        }
        try await trade(gate, rounds: 1)  // fills after the newest snapshot
        let count = try await snapshotCount(temporary.store)
        #expect(count >= 1 && count <= StateSnapshots.kept)
        let fromSnapshot = try recover(temporary.store)
        #expect(fromSnapshot.snapshot != nil && fromSnapshot.rejected.isEmpty)
        try await temporary.store.database.write { db in try db.execute(sql: "DELETE FROM state_snapshots") }
        let replayed = try recover(temporary.store)
        #expect(replayed.snapshot == nil)
        #expect(figures(fromSnapshot.state) == figures(replayed.state))
        #expect(figures(fromSnapshot.state) == figures(gate.snapshot()))
        #expect(fromSnapshot.state.fillLedger == replayed.state.fillLedger)
    }

    @Test func aDamagedSnapshotIsSkippedForAnOlderOneOrAFullReplay() async throws {
        let temporary = try TemporaryStore()
        let gate = try DurableGate.open(
            store: temporary.store,
            profile: profile,
            clock: clock.function,
            snapshots: SnapshotPolicy(everyFills: 2, minimumInterval: .zero)
        )
        try await trade(gate, rounds: 6)
        for _ in 0..<100 where try await snapshotCount(temporary.store) < 2 {
            try await Task.sleep(for: .milliseconds(20))
        }
        let expected = figures(gate.snapshot())
        let newest = try await temporary.store.database.read { db in
            try Int64.fetchOne(db, sql: "SELECT MAX(sequence) FROM state_snapshots")
        }
        // A flipped byte in the newest payload: its checksum fails; an older snapshot is used.
        try await temporary.store.database.write { db in
            try db.execute(
                sql:
                    "UPDATE state_snapshots SET payload = CAST(REPLACE(CAST(payload AS TEXT), 'A', 'Z') AS BLOB) WHERE sequence = ?",
                arguments: [newest]
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
        let gate = try DurableGate.open(
            store: temporary.store,
            profile: profile,
            clock: clock.function,
            snapshots: SnapshotPolicy(everyFills: 2, minimumInterval: .zero)
        )
        try await trade(gate, rounds: 2)
        for _ in 0..<100 where try await snapshotCount(temporary.store) < 1 {
            try await Task.sleep(for: .milliseconds(20))
        }
        let richer = try TestProfile.compile([.marketRequire: .quoteRequirement(.none)], startingBalance: "20000")
        let result = try await temporary.store.database.read { db in
            try JournalRecovery.rebuild(db, profile: richer, now: clock.now)
        }
        #expect(result.snapshotSequence == nil)
        #expect(result.rejectedSnapshots.allSatisfy { $0.contains("starting balance") })
        #expect(result.state.summary(ofAccount: "default")?.equity.description.hasPrefix("20") == true)
    }

    @Test func thePayloadRoundTrips() throws {
        let ledger = FillLedger(
            accounts: [
                .init(
                    name: "main",
                    startingBalance: d("10000"),
                    realizedPnL: d("-1.25"),
                    day: 20_000,
                    dayStartEquity: d("10000"),
                    dailyRealizedPnL: d("-1.25"),
                    peakEquity: d("10000"),
                    grossExposure: d("50.5")
                )
            ],
            bots: [
                .init(
                    name: "b",
                    account: "main",
                    openPositions: 1,
                    consecutiveLosses: 2,
                    lastLossTime: .min,
                    closedTrades: 3,
                    wins: 1,
                    realizedPnL: d("-1.25"),
                    firstFillTime: 5,
                    paperClosedTrades: 3,
                    paperWins: 1,
                    paperRealizedPnL: d("-1.25"),
                    paperFirstFillTime: nil,
                    callerPricedFills: 7
                )
            ],
            positions: [
                .init(
                    bot: "b",
                    symbol: "BTC/USDT",
                    quantity: d("-0.5"),
                    openCash: d("50.5"),
                    costNotional: d("50.5"),
                    roundTripPnL: d("0"),
                    openedAt: nil
                )
            ]
        )
        let payload = try #require(StateSnapshots.encode(ledger))
        #expect(StateSnapshots.decode(payload) == ledger)
        #expect(StateSnapshots.decode(Array("rampart-fill-ledger 2\n".utf8)) == nil)
        #expect(StateSnapshots.decode(payload.dropLast(3).map { $0 }) == nil)
    }
}

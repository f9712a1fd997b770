import Foundation
import GRDB
import RampartRules
import RampartTestSupport
import Testing

@testable import RampartStore

/// The journal writer checkpoints between batches (`JournalWriter.checkpointEvery`), so the WAL starts over instead of
/// growing for as long as orders keep coming.
@Suite struct JournalCheckpointTests {
    let profile: CompiledProfile
    let clock = ManualClock()

    init() throws {
        profile = try TestProfile.compile([
            .marketRequire: .quoteRequirement(.none),
            .orderRates: .rates([Rate(count: 100_000, window: .minutes(1))]),
            .tradeRates: .rates([Rate(count: 100_000, window: .days(1))]), .duplicateWindow: .duration(.seconds(0)),
            .maxOpenTrades: .integer(1000), .maxGrossExposure: .decimal(d("100000000")),
        ])
    }

    func walBytes(_ temporary: TemporaryStore) throws -> Int {
        let path = temporary.directory.appendingPathComponent("journal.sqlite-wal").path
        return try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
    }

    @Test func theWriterCheckpointsEveryFewBatches() async throws {
        let temporary = try TemporaryStore()
        let gate = try DurableGate.open(store: temporary.store, profile: profile, clock: clock.function)
        // One order at a time: its decision and its fill are a batch each.
        for index in 0..<(JournalWriter.checkpointEvery * 3 / 2) {
            // Round trips that win (buy at 100, sell at 101): no loss streak stops them.
            let result = try await gate.fill(
                order(index % 2 == 0 ? .buy : .sell, "0.01", at: index % 2 == 0 ? "100" : "101")
            )
            #expect(result.allowed, "\(result.decision?.ruleIDs ?? [])")
        }
        #expect(gate.checkpointCounts.completed >= 2)
        #expect(gate.checkpointCounts.failed == 0)
        let rows = try await temporary.store.database.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM journal_fills")
        }
        #expect(rows == JournalWriter.checkpointEvery * 3 / 2, "a checkpoint loses nothing")
    }

    @Test func aCheckpointWhileAReaderHoldsOlderFramesIsCountedBehindNotFailed() async throws {
        let temporary = try TemporaryStore()
        let gate = try DurableGate.open(store: temporary.store, profile: profile, clock: clock.function)
        try await gate.fill(order(.buy, "0.01", at: "100"))
        // A reader on a thread of its own holds its snapshot until told to let go.
        let reading = DispatchSemaphore(value: 0)
        let letGo = DispatchSemaphore(value: 0)
        let database = temporary.store.database
        let reader = Thread {
            _ = try? database.read { db in
                _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM journal_orders")
                reading.signal()
                letGo.wait()
            }
        }
        reader.start()
        reading.wait()
        for index in 0..<JournalWriter.checkpointEvery {
            try await gate.fill(
                order(index % 2 == 0 ? .sell : .buy, "0.01", at: index % 2 == 0 ? "101" : "100")
            )
        }
        letGo.signal()
        #expect(gate.checkpointCounts.completed >= 1)
        #expect(gate.checkpointCounts.behind >= 1, "the reader's frames stay")
        #expect(gate.checkpointCounts.failed == 0)
    }

    @Test func theWALStaysSmallUnderSustainedLoad() async throws {
        let temporary = try TemporaryStore()
        let gate = try DurableGate.open(store: temporary.store, profile: profile, clock: clock.function)
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<16 {
                group.addTask {
                    for index in 0..<300 {
                        _ = try? await gate.fill(
                            order(
                                index % 2 == 0 ? .buy : .sell,
                                "0.01",
                                at: index % 2 == 0 ? "100" : "101",
                                bot: "bot-\(task)"
                            )
                        )
                    }
                }
            }
        }
        let fills = try await temporary.store.database.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM journal_fills")
        }
        #expect(fills == 4800)
        // Without the writer's checkpoints the WAL holds every page every commit wrote: ~30 MB here.
        let bytes = try walBytes(temporary)
        #expect(bytes < 8_000_000, "WAL \(bytes) bytes after 4,800 orders")
    }
}

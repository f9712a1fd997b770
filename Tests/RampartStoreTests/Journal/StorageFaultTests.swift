import Foundation
import GRDB
import RampartRules
import RampartTestSupport
import Synchronization
import Testing

@testable import RampartStore

/// The injected failure of the storage-fault test.
struct InjectedFault: Error, CustomStringConvertible {
    var write: Int
    var description: String { "injected failure of write #\(write)" }
}

@Suite("Storage faults: the k-th write fails once or forever")
struct StorageFaultTests {
    enum Mode: String, CaseIterable { case once, forever }

    static let ks = Array(1...20)

    @Test(
        "every order whose batch failed is denied, committed state equals a replay, the gate recovers or stays closed",
        arguments: Mode.allCases,
        ks
    )
    func kthWriteFails(mode: Mode, k: Int) async throws {
        let profile = try TestProfile.compile()
        let clock = ManualClock()
        let temporary = try TemporaryStore()
        let fault: JournalWriter.Fault = { write in
            if write == k || (mode == .forever && write > k) { throw InjectedFault(write: write) }
        }
        let gate = try DurableGate.open(
            store: temporary.store,
            profile: profile,
            clock: clock.function,
            logger: nil,
            fault: fault
        )
        var durablePosition = FixedDecimal.zero  // what the journal must hold for bot-1
        var memoryPosition = FixedDecimal.zero
        var sawFailure = false
        var stopChecked = false
        for index in 0..<30 {
            clock.advance(.seconds(3))
            let side: Side = index % 3 == 2 ? .sell : .buy
            let submitted = await gate.submit(order(side, "0.1", at: "100"))
            if submitted.storageFailure != nil {
                sawFailure = true
                #expect(!submitted.allowed && submitted.permit == nil)
                #expect(submitted.ruleIDs.first == "storage")
                #expect(submitted.storageMessage?.hasPrefix("journal unavailable: ") == true)
            }
            if sawFailure && !stopChecked {
                // The emergency stop works while the journal is down (in memory at once), and resume too.
                stopChecked = true
                do {
                    try await gate.setTradingState(.halted, for: .bot("bot-2"), reason: "stop")
                    #expect(mode == .once)  // its own write is the one after the failed one
                } catch {
                    #expect(mode == .forever)
                }
                #expect(gate.snapshot().tradingState(of: .bot("bot-2"), at: clock.now) == .halted)
            }
            guard let permit = submitted.permit else { continue }
            #expect(submitted.sequence != nil)
            let signed = side == .buy ? d("0.1") : d("-0.1")
            memoryPosition = try memoryPosition.adding(signed)
            do {
                try await gate.commit(permit, fill: Fill(quantity: d("0.1"), price: d("100"), fee: d("0.01")))
                durablePosition = try durablePosition.adding(signed)
            } catch {
                guard let failure = error as? DurableGateError, case .fillNotJournaled = failure else { throw error }
                sawFailure = true  // booked in memory, retried with the next write that commits
            }
        }
        #expect(sawFailure)
        let memory = gate.snapshot()
        #expect(memory.positionQuantity(bot: "bot-1", symbol: "BTC/USDT") == memoryPosition)
        #expect(memory.pendingQuantity(bot: "bot-1", symbol: "BTC/USDT") == .zero)
        let journaledOrders = try await temporary.store.database.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM journal_orders") ?? -1
        }
        let replay = try DurableGate.open(store: temporary.store, profile: profile, clock: clock.function).snapshot()
        switch mode {
        case .once:
            #expect(gate.storageFailure == nil)
            #expect(journaledOrders == 29 || journaledOrders == 30)  // at most the one failed batch is missing
            #expect(replay.durableFigures == memory.durableFigures)
            #expect(replay.tradingState(of: .bot("bot-2"), at: clock.now) == .halted)  // persisted once back
        case .forever:
            #expect(gate.storageFailure != nil)
            let denied = await gate.submit(order(.buy, "0.1", at: "100", bot: "bot-3"))
            #expect(!denied.allowed)
            #expect(replay.positionQuantity(bot: "bot-1", symbol: "BTC/USDT") == durablePosition)
            #expect(replay.pendingQuantity(bot: "bot-1", symbol: "BTC/USDT") == .zero)
        }
        let integrity = try await temporary.store.database.read { db in
            try String.fetchOne(db, sql: "PRAGMA integrity_check")
        }
        #expect(integrity == "ok")
    }
}

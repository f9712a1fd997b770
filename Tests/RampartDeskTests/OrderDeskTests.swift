import Foundation
import Logging
import RampartDesk
import RampartExecution
import RampartRules
import RampartStore
import RampartTestSupport
import Testing

/// The production desk over a real SQLite database: one answer type, idempotency in and across processes.
@Suite struct OrderDeskTests {
    /// A desk over a fresh database in a temporary directory, with a paper executor that fills at the reference.
    struct Scratch {
        let directory: URL
        let auditKey: AuditKey
        let profile: CompiledProfile

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("desk-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            auditKey = try AuditKey(bytes: (0..<32).map { _ in UInt8.random(in: 0...255) })
            profile = try TestProfile.compile(paper: .exact)
        }

        func open(rememberedClientOrderIDs: Int? = nil) async throws -> OrderDesk {
            var logger = Logger(label: "desk-test")
            logger.logLevel = .critical
            var configuration = DeskConfiguration(
                databasePath: directory.appendingPathComponent("desk.sqlite").path,
                profile: profile,
                auditKey: auditKey
            )
            if let rememberedClientOrderIDs { configuration.rememberedClientOrderIDs = rememberedClientOrderIDs }
            return try await OrderDesk.open(configuration, logger: logger)
        }

        func remove() { try? FileManager.default.removeItem(at: directory) }
    }

    @Test func anAllowedPaperOrderIsDecidedAndFilledAtTheReference() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let desk = try await scratch.open()
        let outcome = await desk.submit(order(.buy, "0.01", at: "60000", id: "o-1"))
        guard case .decided(let decision, let execution?) = outcome, case .filled(let routed) = execution else {
            Issue.record("expected a filled decision, got \(outcome)")
            return
        }
        #expect(decision.allowed && outcome.allowed && !outcome.isReplay)
        // No market data here: priced by the caller, and the fill says so.
        #expect(routed.fill == Fill(quantity: d("0.01"), price: d("60000"), fee: d("0.6"), priceSource: .caller))
        #expect(desk.snapshot().positionQuantity(bot: "bot-1", symbol: "BTC/USDT") == d("0.01"))
    }

    @Test func aDeniedOrderHasNoExecution() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let desk = try await scratch.open()
        let outcome = await desk.submit(order(.buy, "6", at: "100"))  // max_order_quantity 5
        guard case .decided(let decision, nil) = outcome else {
            Issue.record("expected a denial without execution, got \(outcome)")
            return
        }
        #expect(!outcome.allowed)
        #expect(decision.ruleIDs.contains("max-order-quantity"))
    }

    @Test func aRepeatedClientOrderIDReturnsTheFirstAnswerAndTradesOnce() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let desk = try await scratch.open()
        let first = await desk.submit(order(.buy, "0.01", at: "60000", id: "o-2"))
        let again = await desk.submit(order(.buy, "0.01", at: "60000", id: "o-2"))
        guard case .replayed(let original) = again, case .decided(let decision, _) = original,
            case .decided(let firstDecision, _) = first
        else {
            Issue.record("expected the first answer replayed, got \(again)")
            return
        }
        #expect(again.isReplay && again.allowed)
        #expect(decision.time == firstDecision.time)
        #expect(desk.snapshot().positionQuantity(bot: "bot-1", symbol: "BTC/USDT") == d("0.01"))
    }

    /// Memory answers repeats of the newest ids; a repeat of an id it forgot gets the journaled answer, as after a
    /// restart, and never trades again.
    @Test func aRepeatOfAnIDBeyondTheRememberedOnesGetsTheJournaledAnswer() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let desk = try await scratch.open(rememberedClientOrderIDs: 3)
        // Different quantities: the same order twice within seconds is a duplicate by the rules.
        func quantity(_ index: Int) -> String { "0.\(index + 1)" }
        for index in 0..<5 {
            #expect(await desk.submit(order(.buy, quantity(index), at: "100", id: "r-\(index)")).allowed)
        }
        for index in 0..<2 {
            let again = await desk.submit(order(.buy, quantity(index), at: "100", id: "r-\(index)"))
            guard case .journaled(let answer) = again else {
                Issue.record("expected the journaled answer for a forgotten id, got \(again)")
                continue
            }
            #expect(answer.allowed)
        }
        for index in 2..<5 {
            #expect(await desk.submit(order(.buy, quantity(index), at: "100", id: "r-\(index)")).isReplay)
        }
        #expect(desk.snapshot().positionQuantity(bot: "bot-1", symbol: "BTC/USDT") == d("1.5"))
    }

    @Test func afterARestartARepeatGetsTheJournaledAnswer() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let decidedAt: Timestamp
        do {
            let desk = try await scratch.open()
            guard case .decided(let decision, _) = await desk.submit(order(.buy, "0.01", at: "60000", id: "o-3")) else {
                Issue.record("first submission not decided")
                return
            }
            decidedAt = decision.time
        }
        let reopened = try await scratch.open()
        let again = await reopened.submit(order(.buy, "0.01", at: "60000", id: "o-3"))
        guard case .journaled(let answer) = again else {
            Issue.record("expected the journaled answer, got \(again)")
            return
        }
        #expect(answer.allowed && answer.decidedAt == decidedAt && answer.profileHash == scratch.profile.hash)
        #expect(reopened.snapshot().positionQuantity(bot: "bot-1", symbol: "BTC/USDT") == d("0.01"))
    }

    @Test func afterARestartARepeatGetsTheFirstAnswerInFull() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let denial: [Violation]
        do {
            let desk = try await scratch.open()
            guard case .decided(let denied, _) = await desk.submit(order(.buy, "6", at: "100", id: "d-1")) else {
                Issue.record("first submission not decided")
                return
            }
            denial = denied.violations
            _ = await desk.submit(order(.buy, "0.01", at: "60000", id: "f-1"))
        }
        let reopened = try await scratch.open()
        guard case .journaled(let denied) = await reopened.submit(order(.buy, "6", at: "100", id: "d-1")) else {
            Issue.record("expected the journaled denial")
            return
        }
        // The violations come back as first reported: rule, check, limit, actual, message.
        #expect(denied.violations == denial && !denial.isEmpty)
        #expect(denied.execution == .none)
        guard case .journaled(let filled) = await reopened.submit(order(.buy, "0.01", at: "60000", id: "f-1")) else {
            Issue.record("expected the journaled fill")
            return
        }
        #expect(filled.violations == [])
        #expect(
            filled.execution
                == .filled(Fill(quantity: d("0.01"), price: d("60000"), fee: d("0.6"), priceSource: .caller))
        )
    }

    @Test func theDeskRunsItsPassesAsServices() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let desk = try await scratch.open()
        // Without a venue or market data: the resting sweep, the reconciler, the stop sync and the promotion sync.
        #expect(desk.backgroundServices.count == 4)
    }
}

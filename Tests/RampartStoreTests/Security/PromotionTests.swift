import Foundation
import GRDB
import RampartCrypto
import RampartRules
import RampartStore
import Testing

@Suite("Promotion to live")
struct PromotionTests {
    static let thresholds = EligibilityThresholds(
        minPaperDays: 14,
        minWinRate: Percent(FixedDecimal(40)),
        minProfit: Percent(FixedDecimal(2)),
        minTrades: 20
    )
    static let start = Timestamp(nanoseconds: 1_764_547_200_000_000_000)  // 2025-12-01
    static let goodRecord = PaperRecord(
        firstTrade: start,
        lastTrade: Timestamp(nanoseconds: start.nanoseconds + 30 * Timestamp.nanosecondsPerDay),
        closedTrades: 50,
        wins: 30,
        netPnL: FixedDecimal(500),
        startingBalance: FixedDecimal(10_000)
    )

    @Test("an eligible bot is promoted by request then confirm, and both steps are audited")
    func requestThenConfirm() throws {
        let fixture = try SecurityFixture()
        let promotions = fixture.promotions
        let request = try promotions.request(
            bot: "alpha",
            record: Self.goodRecord,
            thresholds: Self.thresholds,
            actor: "cli:alice"
        )
        #expect(request.verdict.eligible && request.verdict.record == Self.goodRecord)
        #expect(request.nonce.count == 32 && Hex.decode(request.nonce) != nil)
        #expect(request.expiresAt.nanoseconds == fixture.clock.read().nanoseconds + 300_000_000_000)
        #expect(try !promotions.isPromoted(bot: "alpha"))

        fixture.clock.advance(seconds: 299)
        try promotions.confirm(bot: "alpha", nonce: request.nonce, phrase: "I UNDERSTAND", actor: "cli:alice")
        #expect(try promotions.isPromoted(bot: "alpha"))
        #expect(try promotions.promotedBots() == ["alpha"])
        #expect(try !promotions.isPromoted(bot: "beta"))

        // The table another component restores from at startup.
        let row = try #require(
            try fixture.database.read { db in
                try Row.fetchOne(db, sql: "SELECT bot, promoted, promoted_at, request_nonce_hash FROM promotions")
            }
        )
        #expect(row["bot"] as String == "alpha" && row["promoted"] as Int == 1)
        #expect(row["promoted_at"] as Int64 == fixture.clock.read().nanoseconds)
        #expect([UInt8](row["request_nonce_hash"] as Data) == SHA256Digest.hash(Array(request.nonce.utf8)))

        #expect(try fixture.auditActions() == ["promotion.request", "promotion.confirm"])
        let details = try fixture.audit.entries().map(\.details).joined(separator: "\n")
        #expect(
            details.contains("bot=alpha") && details.contains("closed_trades=50") && !details.contains(request.nonce)
        )
        #expect(try fixture.audit.verify().isIntact)

        #expect(try promotions.revoke(bot: "alpha", actor: "cli:alice"))
        #expect(try !promotions.isPromoted(bot: "alpha"))
        #expect(try promotions.promotedBots().isEmpty)
        #expect(try fixture.auditActions().last == "promotion.revoke")
    }

    @Test("the nonce is accepted at exactly five minutes")
    func exactlyAtExpiry() throws {
        let fixture = try SecurityFixture()
        let request = try fixture.promotions.request(
            bot: "alpha",
            record: Self.goodRecord,
            thresholds: Self.thresholds,
            actor: "t"
        )
        fixture.clock.advance(seconds: 300)
        try fixture.promotions.confirm(bot: "alpha", nonce: request.nonce, phrase: "I UNDERSTAND", actor: "t")
        #expect(try fixture.promotions.isPromoted(bot: "alpha"))
    }

    @Test("a missing, expired, reused or wrong-phrase promotion confirmation is rejected")
    func rejectedConfirmations() throws {
        let fixture = try SecurityFixture()
        let promotions = fixture.promotions

        // Missing: no request at all.
        #expect(throws: PromotionError.noPendingRequest(bot: "alpha")) {
            try promotions.confirm(bot: "alpha", nonce: "00", phrase: "I UNDERSTAND", actor: "t")
        }

        // Wrong phrase: refused, and the nonce still works afterwards.
        let first = try promotions.request(
            bot: "alpha",
            record: Self.goodRecord,
            thresholds: Self.thresholds,
            actor: "t"
        )
        for phrase in [
            "", "i understand", "I UNDERSTAND ", " I UNDERSTAND", "I UNDERSTAND\n", "I  UNDERSTAND", "I UNDERSTAND.",
        ] {
            #expect(throws: PromotionError.wrongPhrase) {
                try promotions.confirm(bot: "alpha", nonce: first.nonce, phrase: phrase, actor: "t")
            }
        }
        #expect(try !promotions.isPromoted(bot: "alpha"))

        // Wrong nonce: another string, the nonce in upper case, an empty one, a prefix.
        for nonce in [String(repeating: "0", count: 32), first.nonce.uppercased(), "", String(first.nonce.dropLast())] {
            #expect(throws: PromotionError.wrongNonce(bot: "alpha")) {
                try promotions.confirm(bot: "alpha", nonce: nonce, phrase: "I UNDERSTAND", actor: "t")
            }
        }

        // Expired: one nanosecond past five minutes.
        fixture.clock.advance(seconds: 300, nanoseconds: 1)
        #expect(throws: PromotionError.expired(bot: "alpha", expiredAt: first.expiresAt)) {
            try promotions.confirm(bot: "alpha", nonce: first.nonce, phrase: "I UNDERSTAND", actor: "t")
        }
        #expect(try !promotions.isPromoted(bot: "alpha"))

        // A new request replaces the old one: the old nonce is now wrong.
        let second = try promotions.request(
            bot: "alpha",
            record: Self.goodRecord,
            thresholds: Self.thresholds,
            actor: "t"
        )
        #expect(throws: PromotionError.wrongNonce(bot: "alpha")) {
            try promotions.confirm(bot: "alpha", nonce: first.nonce, phrase: "I UNDERSTAND", actor: "t")
        }
        try promotions.confirm(bot: "alpha", nonce: second.nonce, phrase: "I UNDERSTAND", actor: "t")

        // Reused: the same nonce again.
        #expect(throws: PromotionError.nonceAlreadyUsed(bot: "alpha")) {
            try promotions.confirm(bot: "alpha", nonce: second.nonce, phrase: "I UNDERSTAND", actor: "t")
        }
        // Already live: a new request is refused until revoked; after revoking, the old nonce is gone.
        #expect(throws: PromotionError.alreadyPromoted(bot: "alpha")) {
            try promotions.request(bot: "alpha", record: Self.goodRecord, thresholds: Self.thresholds, actor: "t")
        }
        try promotions.revoke(bot: "alpha", actor: "t")
        #expect(throws: PromotionError.noPendingRequest(bot: "alpha")) {
            try promotions.confirm(bot: "alpha", nonce: second.nonce, phrase: "I UNDERSTAND", actor: "t")
        }

        // Every refusal is audited too, and each error explains itself.
        let actions = try fixture.auditActions()
        #expect(actions.filter { $0 == "promotion.confirm.refused" }.count == 1 + 7 + 4 + 1 + 1 + 1 + 1)
        #expect(actions.filter { $0 == "promotion.confirm" }.count == 1)
        #expect(try fixture.audit.verify().isIntact)
        let messages = [
            PromotionError.noPendingRequest(bot: "alpha"), .wrongNonce(bot: "alpha"), .nonceAlreadyUsed(bot: "alpha"),
            .expired(bot: "alpha", expiredAt: first.expiresAt), .wrongPhrase,
        ].map(\.description)
        #expect(Set(messages).count == messages.count)
        #expect(PromotionError.wrongPhrase.description.contains("I UNDERSTAND"))
    }

    @Test("a record with caller-priced fills is refused unless the profile allows them, and says how many")
    func callerPricedRecords() throws {
        let fixture = try SecurityFixture()
        var record = Self.goodRecord
        record.callerPricedFills = 3
        do {
            _ = try fixture.promotions.request(bot: "alpha", record: record, thresholds: Self.thresholds, actor: "t")
            Issue.record("a caller-priced record got a nonce")
        } catch {
            guard case .notEligible(_, let verdict) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(verdict.failed == ["caller_prices"])
            #expect(error.description.contains("caller_priced_fills=3"))
        }
        var allowing = Self.thresholds
        allowing.allowCallerPrices = true
        let request = try fixture.promotions.request(bot: "alpha", record: record, thresholds: allowing, actor: "t")
        #expect(request.verdict.eligible)
    }

    @Test("a bot that misses thresholds is refused at request with the thresholds it missed")
    func notEligible() throws {
        let fixture = try SecurityFixture()
        var record = Self.goodRecord
        record.lastTrade = Timestamp(nanoseconds: Self.start.nanoseconds + 3 * Timestamp.nanosecondsPerDay)
        record.closedTrades = 10
        record.wins = 2
        record.netPnL = FixedDecimal(-50)
        do {
            _ = try fixture.promotions.request(bot: "alpha", record: record, thresholds: Self.thresholds, actor: "t")
            Issue.record("an ineligible bot got a nonce")
        } catch {
            guard case .notEligible(let bot, let verdict) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(bot == "alpha")
            #expect(verdict.failed == ["min_paper_days", "min_trades", "min_win_rate", "min_profit"])
            #expect(error.description.contains("min_win_rate") && error.description.contains("closed_trades=10"))
        }
        record = Self.goodRecord
        record.wins = 19  // 38% < 40%
        #expect(throws: PromotionError.self) {
            try fixture.promotions.request(bot: "alpha", record: record, thresholds: Self.thresholds, actor: "t")
        }
        #expect(try fixture.database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM promotions") } == 0)
        #expect(try fixture.auditActions() == ["promotion.request.refused", "promotion.request.refused"])
        #expect(throws: PromotionError.invalidBot("a b")) {
            try fixture.promotions.request(bot: "a b", record: Self.goodRecord, thresholds: Self.thresholds, actor: "t")
        }
    }
}

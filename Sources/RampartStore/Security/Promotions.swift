import Foundation
public import GRDB
import RampartCrypto
public import RampartRules

/// Two-step promotion of a bot from paper to live: `request` judges eligibility and issues a five-minute nonce,
/// `confirm` takes the nonce and the typed phrase `I UNDERSTAND`. Every step, refused or not, is audited.
///
/// State lives in `promotions(bot, promoted, promoted_at, …)`; startup restores live bots from `bot, promoted`.
public struct Promotions: Sendable {
    /// The phrase a confirmation must carry, exactly.
    public static let confirmationPhrase = "I UNDERSTAND"
    /// How long a request's nonce stays valid.
    public static let nonceLifetime = TimeSpan(nanoseconds: 5 * 60 * 1_000_000_000)

    let database: any DatabaseWriter
    let audit: AuditLog
    let clock: @Sendable () -> Timestamp

    /// Creates the promotion workflow; `clock` decides expiry, `audit` records every step.
    public init(database: any DatabaseWriter, audit: AuditLog, clock: @escaping @Sendable () -> Timestamp) {
        self.database = database
        self.audit = audit
        self.clock = clock
    }

    /// Judges `record` against `thresholds`; when eligible, replaces any pending request with a new nonce.
    public func request(
        bot: String,
        record: PaperRecord,
        thresholds: EligibilityThresholds,
        actor: String
    ) throws(PromotionError) -> PromotionRequest {
        try Self.validate(bot: bot)
        let verdict = thresholds.verdict(for: record)
        let stats = PromotionStats(record).description
        guard verdict.eligible else {
            try? auditRefusal(
                actor: actor,
                action: "promotion.request.refused",
                details: "bot=\(bot) failed=\(verdict.failed.joined(separator: ",")) \(stats)"
            )
            throw .notEligible(bot: bot, verdict: verdict)
        }
        guard let random = SecureRandom.bytes(16) else { throw .randomFailure }
        let nonce = Hex.encode(random)
        let now = clock()
        let expiresAt = Timestamp(nanoseconds: now.nanoseconds + Self.nonceLifetime.nanoseconds)
        try run { db in
            let promoted = try Bool.fetchOne(db, sql: "SELECT promoted FROM promotions WHERE bot = ?", arguments: [bot])
            if promoted == true { throw PromotionError.alreadyPromoted(bot: bot) }
            try db.execute(
                sql: """
                    INSERT INTO promotions (bot, promoted, requested_at, request_nonce_hash, request_expires_at,
                        request_used, request_stats)
                    VALUES (?, 0, ?, ?, ?, 0, ?)
                    ON CONFLICT(bot) DO UPDATE SET requested_at = excluded.requested_at,
                        request_nonce_hash = excluded.request_nonce_hash,
                        request_expires_at = excluded.request_expires_at, request_used = 0,
                        request_stats = excluded.request_stats
                    """,
                arguments: [bot, now.nanoseconds, Data(Self.hash(nonce)), expiresAt.nanoseconds, stats]
            )
            try appendAudit(
                db,
                actor: actor,
                action: "promotion.request",
                details: "bot=\(bot) expires_at=\(expiresAt) \(stats)"
            )
        }
        return PromotionRequest(bot: bot, verdict: verdict, nonce: nonce, expiresAt: expiresAt)
    }

    /// Promotes `bot` to live when `nonce` matches its pending, unexpired, unused request and `phrase` is exact.
    public func confirm(bot: String, nonce: String, phrase: String, actor: String) throws(PromotionError) {
        try Self.validate(bot: bot)
        let now = clock()
        do throws(PromotionError) {
            try run { db in
                guard
                    let row = try Row.fetchOne(
                        db,
                        sql:
                            "SELECT request_nonce_hash, request_expires_at, request_used FROM promotions WHERE bot = ?",
                        arguments: [bot]
                    ), let storedHash = StoredValue.blob(row[0]), let expires = StoredValue.integer(row[1])
                else { throw PromotionError.noPendingRequest(bot: bot) }
                guard ConstantTime.equals(Self.hash(nonce), storedHash) else {
                    throw PromotionError.wrongNonce(bot: bot)
                }
                guard StoredValue.integer(row[2]) == 0 else { throw PromotionError.nonceAlreadyUsed(bot: bot) }
                guard now.nanoseconds <= expires else {
                    throw PromotionError.expired(bot: bot, expiredAt: Timestamp(nanoseconds: expires))
                }
                guard phrase == Self.confirmationPhrase else { throw PromotionError.wrongPhrase }
                try db.execute(
                    sql: "UPDATE promotions SET promoted = 1, promoted_at = ?, request_used = 1 WHERE bot = ?",
                    arguments: [now.nanoseconds, bot]
                )
                try appendAudit(db, actor: actor, action: "promotion.confirm", details: "bot=\(bot) promoted=live")
            }
        } catch {
            switch error {
            case .noPendingRequest, .wrongNonce, .nonceAlreadyUsed, .expired, .wrongPhrase:
                // The refusal is recorded on a best-effort basis; the caller still gets the refusal itself.
                try? auditRefusal(
                    actor: actor,
                    action: "promotion.confirm.refused",
                    details: "bot=\(bot) reason=\(error)"
                )
            default:
                break
            }
            throw error
        }
    }

    /// Whether `bot` is promoted to live.
    public func isPromoted(bot: String) throws(PromotionError) -> Bool {
        try TypedDatabase.run(PromotionError.database) {
            try database.read { db in
                try Bool.fetchOne(db, sql: "SELECT promoted FROM promotions WHERE bot = ?", arguments: [bot]) ?? false
            }
        }
    }

    /// Every bot promoted to live, by name.
    public func promotedBots() throws(PromotionError) -> [String] {
        try TypedDatabase.run(PromotionError.database) {
            try database.read { db in
                try String.fetchAll(db, sql: "SELECT bot FROM promotions WHERE promoted = 1 ORDER BY bot")
            }
        }
    }

    /// Returns `bot` to paper and drops any pending request; false when it was not live.
    @discardableResult
    public func revoke(bot: String, actor: String) throws(PromotionError) -> Bool {
        try Self.validate(bot: bot)
        return try run { db -> Bool in
            let wasPromoted =
                try Bool.fetchOne(db, sql: "SELECT promoted FROM promotions WHERE bot = ?", arguments: [bot]) ?? false
            try db.execute(sql: "DELETE FROM promotions WHERE bot = ?", arguments: [bot])
            try appendAudit(db, actor: actor, action: "promotion.revoke", details: "bot=\(bot) was_live=\(wasPromoted)")
            return wasPromoted
        }
    }

    /// SHA-256 of the nonce's UTF-8 bytes: all that is stored.
    static func hash(_ nonce: String) -> [UInt8] { SHA256Digest.hash(Array(nonce.utf8)) }

    static func validate(bot: String) throws(PromotionError) {
        guard SecurityNames.isValid(bot) else { throw .invalidBot(bot) }
    }

    private func run<T>(_ body: (Database) throws -> T) throws(PromotionError) -> T {
        try TypedDatabase.run(PromotionError.database) { try database.write(body) }
    }

    private func appendAudit(_ db: Database, actor: String, action: String, details: String) throws(PromotionError) {
        do throws(AuditError) {
            try audit.append(in: db, actor: actor, action: action, details: details)
        } catch {
            throw .audit(error)
        }
    }

    private func auditRefusal(actor: String, action: String, details: String) throws(PromotionError) {
        do throws(AuditError) {
            try audit.append(actor: actor, action: action, details: details)
        } catch {
            throw .audit(error)
        }
    }
}

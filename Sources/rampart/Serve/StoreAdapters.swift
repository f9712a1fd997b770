import RampartCrypto
import RampartRules
import RampartService
import RampartStore
import Synchronization

/// Bearer tokens checked against the database's token store (SHA-256 hashes, constant-time compare).
///
/// A token the store accepted is remembered for one second (keyed by its SHA-256, never the token itself), so a
/// busy bot does not cost a database read per request; a revoked token stops working within that second.
final class StoreTokenAuthority: TokenAuthority {
    private struct Accepted {
        var name: String
        var role: Role
        var until: ContinuousClock.Instant
    }

    private let tokens: TokenStore
    private let accepted = Mutex<[[UInt8]: Accepted]>([:])
    private static let lifetime = Duration.seconds(1)

    init(tokens: TokenStore) { self.tokens = tokens }

    func authenticate(_ token: String) -> (name: String, role: Role)? {
        let digest = SHA256Digest.hash(Array(token.utf8))
        let now = ContinuousClock.now
        if let cached = accepted.withLock({ $0[digest] }), cached.until > now { return (cached.name, cached.role) }
        // A store failure authenticates nobody: fail closed.
        guard let holder = try? tokens.authenticate(token: token), let role = Role(rawValue: holder.role.rawValue)
        else {
            accepted.withLock { _ = $0.removeValue(forKey: digest) }
            return nil
        }
        accepted.withLock { cache in
            if cache.count > 10_000 { cache.removeAll() }
            cache[digest] = Accepted(name: holder.name, role: role, until: now + Self.lifetime)
        }
        return (holder.name, role)
    }
}

/// The durable journal as the service's readiness and shutdown see it.
struct DurableJournal: Journal {
    let gate: DurableGate
    let path: String

    var summary: String { "sqlite \(path) (WAL, synchronous=FULL; decisions durable before they are answered)" }
    var isDurable: Bool { true }

    /// Ready while the last journal write succeeded.
    func isReady() async -> Bool { gate.storageFailure == nil }

    /// Nothing is buffered: every decision, fill and release is committed before its call returns.
    func flush() async throws(RampartService.JournalError) {
        if let failure = gate.storageFailure { throw RampartService.JournalError("journal unavailable: \(failure)") }
    }
}

/// Promotion requests and confirmations through the database (nonce hashed, 5 minutes, audited).
struct StorePromotionDesk: PromotionDesk {
    let promotions: Promotions
    let gate: DurableGate
    let clock: @Sendable () -> Timestamp

    func requestPromotion(
        bot: String,
        requestedBy: String
    ) async throws(RampartService.PromotionError) -> [(key: String, value: String)] {
        let profile = gate.profile
        guard let thresholds = profile.spec.eligibility else {
            throw RampartService.PromotionError(
                status: 409,
                code: "no_thresholds",
                message: "profile '\(profile.name)' has no eligibility thresholds"
            )
        }
        let now = clock()
        let paper = gate.snapshot().paperRecord(ofBot: bot, now: now, startingBalance: profile.startingBalance)
        do {
            let request = try promotions.request(
                bot: bot,
                record: paper,
                thresholds: thresholds,
                actor: "token:\(requestedBy)"
            )
            return [
                ("bot", bot), ("nonce", request.nonce), ("expires_at", request.expiresAt.description),
                ("paper_days", paper.paperDays.description), ("trades", String(paper.closedTrades)),
                ("win_rate", paper.winRate.description), ("profit", paper.profit.description),
            ]
        } catch {
            throw Self.translate(error)
        }
    }

    func confirmPromotion(
        bot: String,
        nonce: String,
        phrase: String,
        confirmedBy: String
    ) async throws(RampartService.PromotionError)
        -> [(key: String, value: String)]
    {
        do {
            try promotions.confirm(bot: bot, nonce: nonce, phrase: phrase, actor: "token:\(confirmedBy)")
        } catch {
            throw Self.translate(error)
        }
        gate.setPromoted(true, bot: bot)
        return [("bot", bot), ("promoted", "true")]
    }

    static func translate(_ error: RampartStore.PromotionError) -> RampartService.PromotionError {
        switch error {
        case .notEligible: RampartService.PromotionError(status: 409, code: "not_eligible", message: error.description)
        case .noPendingRequest:
            RampartService.PromotionError(status: 404, code: "no_pending_request", message: error.description)
        case .alreadyPromoted:
            RampartService.PromotionError(status: 409, code: "already_promoted", message: error.description)
        case .wrongNonce, .nonceAlreadyUsed, .expired, .wrongPhrase, .invalidBot:
            PromotionError(status: 400, code: "confirmation_rejected", message: error.description)
        default: RampartService.PromotionError(status: 500, code: "promotion_failed", message: error.description)
        }
    }
}

public import RampartRules

/// Why a promotion request or confirmation was refused.
public enum PromotionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The profile in force has no `eligibility:` thresholds to judge the bot by.
    case noThresholds(profile: String)
    /// The bot name is empty, too long, or has characters outside `A-Z a-z 0-9 . _ -`.
    case invalidBot(String)
    /// The paper record misses thresholds (named as in the profile: `min_paper_days`, …).
    case notEligible(bot: String, verdict: EligibilityVerdict)
    /// The bot is already live; revoke it first to request again.
    case alreadyPromoted(bot: String)
    /// There is no pending request for the bot.
    case noPendingRequest(bot: String)
    /// The nonce does not match the pending request.
    case wrongNonce(bot: String)
    /// The request's nonce was already used for a confirmation.
    case nonceAlreadyUsed(bot: String)
    /// The request expired (nonces live five minutes).
    case expired(bot: String, expiredAt: Timestamp)
    /// The confirmation phrase is not exactly `I UNDERSTAND`.
    case wrongPhrase
    /// The random generator failed.
    case randomFailure
    /// The action could not be audited, so it was not taken.
    case audit(AuditError)
    /// SQLite failed.
    case database(String)

    public var description: String {
        switch self {
        case .noThresholds(let profile):
            "profile '\(profile)' has no eligibility thresholds"
        case .invalidBot(let bot):
            "invalid bot name \"\(bot)\": use 1-64 characters from A-Z a-z 0-9 . _ -"
        case .notEligible(let bot, let verdict):
            "bot \(bot) is not eligible for live trading; thresholds missed: \(verdict.failed.joined(separator: ", ")) "
                + "(\(PromotionStats(verdict.record)))"
        case .alreadyPromoted(let bot):
            "bot \(bot) is already promoted to live; revoke it before requesting again"
        case .noPendingRequest(let bot):
            "no pending promotion request for bot \(bot); run promote request first"
        case .wrongNonce(let bot):
            "the nonce does not match the pending promotion request for bot \(bot)"
        case .nonceAlreadyUsed(let bot):
            "the promotion request for bot \(bot) was already confirmed; its nonce cannot be used again"
        case .expired(let bot, let expiredAt):
            "the promotion request for bot \(bot) expired at \(expiredAt); request again"
        case .wrongPhrase:
            "the confirmation phrase must be exactly \"\(Promotions.confirmationPhrase)\""
        case .randomFailure:
            "the random generator failed; no nonce was issued"
        case .audit(let error):
            "the promotion action was not taken because it could not be audited: \(error)"
        case .database(let reason):
            "database error: \(reason)"
        }
    }
}

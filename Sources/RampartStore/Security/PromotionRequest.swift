public import RampartRules

/// A pending promotion: the stats judged, the one-time nonce and when it expires.
public struct PromotionRequest: Sendable, Hashable {
    /// The bot.
    public var bot: String
    /// The eligibility verdict (always eligible here) with the paper record.
    public var verdict: EligibilityVerdict
    /// The nonce to pass to `confirm`; shown once, only its SHA-256 is stored.
    public var nonce: String
    /// After this instant `confirm` refuses the nonce.
    public var expiresAt: Timestamp
}

public import RampartRules

/// One bot's part of a multi-bot replay.
public struct BotReport: Sendable, Hashable {
    /// The bot (and account) name.
    public var bot: String
    /// Its orders under the profile.
    public var summary: OrderSummary
    /// Denials per rule id, sorted by id.
    public var denialsByRule: [RuleCount]
    /// Every fill booked.
    public var baseline: ReplayResult
    /// Only the allowed fills.
    public var gated: ReplayResult
    /// The verdict on the gated record; nil when the profile has no eligibility thresholds.
    public var eligibility: EligibilityVerdict?
}

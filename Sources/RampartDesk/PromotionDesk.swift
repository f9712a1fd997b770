import RampartRules
public import RampartStore

/// Promotion requests and confirmations through the database (nonce hashed, 5 minutes, audited), applied to the
/// gate at once on confirmation.
public struct PromotionDesk: Sendable {
    let promotions: Promotions
    let gate: DurableGate
    let clock: @Sendable () -> Timestamp

    /// Asks to promote `bot`, judged on its paper record against the profile's thresholds; the answer carries the
    /// nonce to confirm with and the paper record judged.
    public func request(bot: String, requestedBy: String) throws(PromotionError) -> PromotionRequest {
        let profile = gate.profile
        guard let thresholds = profile.spec.eligibility else { throw .noThresholds(profile: profile.name) }
        let paper = gate.paperRecord(ofBot: bot, now: clock(), startingBalance: profile.startingBalance)
        return try promotions.request(bot: bot, record: paper, thresholds: thresholds, actor: "token:\(requestedBy)")
    }

    /// Confirms a pending promotion of `bot` with the request's nonce and the typed phrase `I UNDERSTAND`; the bot
    /// may trade live from this call on.
    public func confirm(bot: String, nonce: String, phrase: String, confirmedBy: String) throws(PromotionError) {
        try promotions.confirm(bot: bot, nonce: nonce, phrase: phrase, actor: "token:\(confirmedBy)")
        gate.setPromoted(true, bot: bot)
    }
}

import RampartRules

/// An `eligibility` section as written, possibly partial until `extends` is merged.
struct EligibilityDraft: Sendable {
    /// Whether the section appears in the file (or a parent).
    var isGiven = false
    var minPaperDays: Sourced<Int>?
    var minWinRate: Sourced<Percent>?
    var minProfit: Sourced<Percent>?
    var minTrades: Sourced<Int>?
    var allowCallerPrices: Sourced<Bool>?

    /// Child values win per key.
    func merged(over parent: EligibilityDraft) -> EligibilityDraft {
        EligibilityDraft(
            isGiven: isGiven || parent.isGiven,
            minPaperDays: minPaperDays ?? parent.minPaperDays,
            minWinRate: minWinRate ?? parent.minWinRate,
            minProfit: minProfit ?? parent.minProfit,
            minTrades: minTrades ?? parent.minTrades,
            allowCallerPrices: allowCallerPrices ?? parent.allowCallerPrices
        )
    }

    /// The thresholds, or the keys still missing.
    func thresholds() -> Result<EligibilityThresholds?, MissingKeys> {
        guard isGiven else { return .success(nil) }
        guard let minPaperDays, let minWinRate, let minProfit, let minTrades else {
            let missing = [
                ("min_paper_days", minPaperDays == nil), ("min_win_rate", minWinRate == nil),
                ("min_profit", minProfit == nil), ("min_trades", minTrades == nil),
            ]
            return .failure(MissingKeys(keys: missing.filter(\.1).map(\.0)))
        }
        return .success(
            EligibilityThresholds(
                minPaperDays: minPaperDays.value,
                minWinRate: minWinRate.value,
                minProfit: minProfit.value,
                minTrades: minTrades.value,
                allowCallerPrices: allowCallerPrices?.value ?? false
            )
        )
    }
}

/// The `paper.slippage` range.
struct SlippageRange: Sendable, Hashable {
    var low: Percent
    var high: Percent
}

/// A `paper` section as written, possibly partial until `extends` is merged.
struct PaperDraft: Sendable {
    /// Whether the section appears in the file (or a parent).
    var isGiven = false
    var slippage: Sourced<SlippageRange>?
    var rejectRate: Sourced<Percent>?
    var fee: Sourced<Percent>?
    var seed: Sourced<UInt64>?
    var restingTTL: Sourced<TimeSpan>?

    /// Child values win per key.
    func merged(over parent: PaperDraft) -> PaperDraft {
        PaperDraft(
            isGiven: isGiven || parent.isGiven,
            slippage: slippage ?? parent.slippage,
            rejectRate: rejectRate ?? parent.rejectRate,
            fee: fee ?? parent.fee,
            seed: seed ?? parent.seed,
            restingTTL: restingTTL ?? parent.restingTTL
        )
    }

    /// The settings, or the keys still missing.
    func settings() -> Result<PaperSettings?, MissingKeys> {
        guard isGiven else { return .success(nil) }
        guard let slippage, let rejectRate, let fee, let seed else {
            let missing = [
                ("slippage", slippage == nil), ("reject_rate", rejectRate == nil), ("fee", fee == nil),
                ("seed", seed == nil),
            ]
            return .failure(MissingKeys(keys: missing.filter(\.1).map(\.0)))
        }
        return .success(
            PaperSettings(
                slippageLow: slippage.value.low,
                slippageHigh: slippage.value.high,
                rejectRate: rejectRate.value,
                fee: fee.value,
                seed: seed.value,
                restingTTL: restingTTL?.value ?? PaperSettings.defaultRestingTTL
            )
        )
    }
}

/// Keys a section still lacks after merging.
struct MissingKeys: Error, Sendable {
    var keys: [String]
}

public import RampartRules

/// Everything a dry-run found: orders allowed and denied, baseline vs gated results, eligibility, comparison.
public struct DryRunReport: Sendable, Hashable {
    /// Facts about the replayed input.
    public struct Input: Sendable, Hashable {
        /// The trade file as given.
        public var path: String
        /// Its format.
        public var format: TradeFormat
        /// Fills replayed (each is one order).
        public var orders: Int
        /// Input values that had more than eight decimals and were rounded half-even.
        public var roundedValues: Int
        /// The quote currency every symbol is in (nil without fills).
        public var currency: String?
        /// The starting balance of each bot's account.
        public var startingBalance: FixedDecimal
    }

    /// The profile's name.
    public var profileName: String
    /// The profile's hash.
    public var profileHash: String
    /// The input.
    public var input: Input
    /// Orders seen, allowed and denied (summed over bots).
    public var summary: OrderSummary
    /// Denials per rule id, sorted by id (summed over bots).
    public var denialsByRule: [RuleCount]
    /// Every fill booked (summed over bots; drawdown of the combined accounts).
    public var baseline: ReplayResult
    /// Only the allowed fills (summed over bots; drawdown of the combined accounts).
    public var gated: ReplayResult
    /// The verdict on the combined gated record; nil when the profile has no eligibility thresholds.
    public var eligibility: EligibilityVerdict?
    /// Gated positions left open when the replay ended, by symbol (sorted); empty when every round trip closed.
    public var openAtEnd: [OpenAtEnd]
    /// One entry per bot when more than one bot was replayed, in first-seen order; empty otherwise.
    public var bots: [BotReport]
    /// The `--compare` replay, if any.
    public var compare: CompareReport?
    /// The baseline equity curve (combined accounts), at most 2,000 points.
    public var baselineCurve: [EquityPoint]
    /// The gated equity curve (combined accounts), at most 2,000 points.
    public var gatedCurve: [EquityPoint]
}

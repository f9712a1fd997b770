public import RampartRules

/// Closed round trips, wins, net P&L and max drawdown of one record (baseline or gated).
public struct ReplayResult: Sendable, Hashable {
    /// Closed round trips.
    public var trades: Int
    /// Round trips with net P&L after fees above zero.
    public var wins: Int
    /// Net realized P&L, fees included, in the quote currency.
    public var pnl: FixedDecimal
    /// Largest peak-to-trough fall of starting balance + cumulative realized P&L, as a fraction 0…1 of the peak.
    public var maxDrawdown: FixedDecimal

    /// Creates a result.
    public init(trades: Int, wins: Int, pnl: FixedDecimal, maxDrawdown: FixedDecimal) {
        self.trades = trades
        self.wins = wins
        self.pnl = pnl
        self.maxDrawdown = maxDrawdown
    }

    /// Wins / trades, 0…1 (zero without trades).
    public var winRate: FixedDecimal {
        guard trades > 0 else { return .zero }
        return (try? FixedDecimal(wins).divided(by: FixedDecimal(trades))) ?? .zero
    }
}

/// How many orders a profile saw, allowed and denied.
public struct OrderSummary: Sendable, Hashable {
    /// Every fill is one order.
    public var orders = 0
    /// Orders the profile allowed (and that were filled in the gated record).
    public var allowed = 0
    /// Orders denied by a rule, plus orders removed with their denied entry.
    public var denied = 0
    /// Of the denied orders, those never sent because their round trip's entry was denied (or nothing was left to close).
    public var removed = 0

    /// Creates a summary.
    public init(orders: Int = 0, allowed: Int = 0, denied: Int = 0, removed: Int = 0) {
        self.orders = orders
        self.allowed = allowed
        self.denied = denied
        self.removed = removed
    }

    /// The sum of two summaries.
    public static func + (lhs: OrderSummary, rhs: OrderSummary) -> OrderSummary {
        OrderSummary(
            orders: lhs.orders + rhs.orders,
            allowed: lhs.allowed + rhs.allowed,
            denied: lhs.denied + rhs.denied,
            removed: lhs.removed + rhs.removed
        )
    }
}

/// How many orders one rule denied.
public struct RuleCount: Sendable, Hashable {
    /// The rule id.
    public var rule: String
    /// Orders it denied (an order denied by two rules counts for both).
    public var count: Int

    /// Creates a count.
    public init(rule: String, count: Int) {
        self.rule = rule
        self.count = count
    }
}

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

/// An order whose decision differs between the profile and the `--compare` profile.
public struct ChangedOrder: Sendable, Hashable {
    /// 1-based position of the fill in the input.
    public var index: Int
    /// The fill's time.
    public var time: Timestamp
    /// The bot.
    public var bot: String
    /// The symbol.
    public var symbol: String
    /// Buy or sell.
    public var side: Side
    /// Whether the profile allowed it.
    public var allowed: Bool
    /// Whether the compare profile allowed it.
    public var compareAllowed: Bool
}

/// The same replay through the `--compare` profile.
public struct CompareReport: Sendable, Hashable {
    /// The compare profile's name.
    public var profileName: String
    /// The compare profile's hash.
    public var profileHash: String
    /// Its orders.
    public var summary: OrderSummary
    /// Its denials per rule id, sorted by id.
    public var denialsByRule: [RuleCount]
    /// Its gated record.
    public var gated: ReplayResult
    /// The orders whose decision differs, in replay order.
    public var changed: [ChangedOrder]
    /// Its gated equity curve, downsampled.
    public var gatedCurve: [EquityPoint]
}

/// One point of an equity curve.
public struct EquityPoint: Sendable, Hashable {
    /// When.
    public var time: Timestamp
    /// Starting balance plus cumulative realized P&L.
    public var equity: FixedDecimal
}

import GRDB
import RampartRules

/// One journaled order with the decision on it.
struct OrderRow: Sendable {
    var sequence: Int64
    var time: Timestamp
    var order: Order
    var allowed: Bool
    var profileHash: String
    /// Comma-joined ids of the rules that denied or warned (`storage` when the journal was down).
    var ruleIDs: String
    var effect: OrderEffect?
    /// Where the decision's reference price came from; nil when no decision priced the order.
    var priceSource: PriceSource?
    /// The reference price the decision judged the order at (`market_price`); nil when there was none.
    var marketPrice: FixedDecimal?
    /// The violations and warnings in full (`JournalFindings`; empty when there were none); nil for a storage denial.
    var findings: String? = nil
}

/// One journaled fill of an allowed order.
struct FillRow: Sendable {
    var sequence: Int64
    var orderSequence: Int64
    var time: Timestamp
    var fill: Fill
    /// Realized P&L of the fill; nil when it is booked after its write (every fill the durable gate books since
    /// journal-v5: recovery derives it by replaying the fills in order).
    var realizedPnL: FixedDecimal?
    /// True when the fill is written in its order's own batch (a paper order executed inline): if that batch fails
    /// the order is denied, so the fill is not retried.
    var withOrder = false
    /// The bot's id for the fill of a bot-executed order (unique per order); nil for fills Rampart executed.
    var fillID: String? = nil
    /// How a bot-reported fill's price compared with the market; nil for fills Rampart executed.
    var priceCheck: PriceCheck? = nil
}

/// One journaled release of an allowed order's reservation without a fill.
struct ReleaseRow: Sendable {
    var sequence: Int64
    var orderSequence: Int64
    var time: Timestamp
    var reason: String
    /// True when written in its order's own batch (see `FillRow.withOrder`).
    var withOrder = false
}

/// A permitted paper order resting until a quote crosses it; keyed by its order's sequence (it takes none itself).
struct RestingRow: Sendable {
    var orderSequence: Int64
    var since: Timestamp
    var expiresAt: Timestamp
    /// True when written in its order's own batch (see `FillRow.withOrder`).
    var withOrder = false
}

/// A bot-executed order's reservation, held until its fills reach its quantity, it is released, or `expiresAt`;
/// keyed by its order's sequence (it takes none itself) and written in the decision's own batch.
struct ExternalRow: Sendable {
    var orderSequence: Int64
    var expiresAt: Timestamp
}

/// The trading state of one scope, upserted (last write wins).
struct TradingStateRow: Sendable {
    var sequence: Int64
    var scope: TradingScope
    var entry: TradingStateEntry
    var setAt: Timestamp
}

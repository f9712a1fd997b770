import GRDB
public import RampartRules

/// A decision read back from the journal.
public struct JournaledOrderRecord: Sendable, Hashable {
    /// Whether the order was allowed.
    public var allowed: Bool
    /// The rules that denied it (or warned), in evaluation order.
    public var ruleIDs: [String]
    /// The profile that decided.
    public var profileHash: String
    /// When it was decided.
    public var time: Timestamp
    /// Where the decision's reference price came from; nil when no price was chosen (or before prices were journaled).
    public var priceSource: PriceSource?
    /// The reference price the decision judged the order at (the market's, or the caller's); nil when there was none.
    public var marketPrice: FixedDecimal?
}

extension DurableGate {
    /// Whether an order with this client order id was ever allowed (in memory, restored at start).
    public func hasSeen(clientOrderID: String) -> Bool { gateForLookup.hasSeen(clientOrderID: clientOrderID) }

    /// The first journaled decision for a client order id, if any.
    public func journaledDecision(clientOrderID: String) throws(JournalError) -> JournaledOrderRecord? {
        do {
            return try store.database.read { db in
                guard
                    let row = try Row.fetchOne(
                        db,
                        sql: """
                            SELECT sequence, allowed, rule_ids, profile_hash, time, price_source, market_price
                            FROM journal_orders
                            WHERE client_order_id = ? ORDER BY sequence LIMIT 1
                            """,
                        arguments: [clientOrderID]
                    )
                else { return nil }
                let ruleText: String = row["rule_ids"]
                let (priceSource, marketPrice) = try JournalRecovery.pricing(from: row)
                return JournaledOrderRecord(
                    allowed: (row["allowed"] as Int64) == 1,
                    ruleIDs: ruleText.split(separator: ",").map(String.init),
                    profileHash: row["profile_hash"],
                    time: Timestamp(nanoseconds: row["time"]),
                    priceSource: priceSource,
                    marketPrice: marketPrice
                )
            }
        } catch let error as JournalError {
            throw error
        } catch {
            throw .readFailed(during: "looking up client order id \(clientOrderID)", reason: "\(error)")
        }
    }
}

import GRDB
public import RampartRules
import Synchronization

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
    /// The violations in full; nil for a decision journaled before findings were (only `ruleIDs` then).
    public var violations: [Violation]?
    /// The shadow (`warn`) findings in full; nil like `violations`.
    public var warnings: [Violation]?
    /// What became of the order after the decision, as the journal shows it now.
    public var execution: JournaledExecution
}

/// What became of a journaled order, read back from the journal.
public enum JournaledExecution: Sendable, Hashable {
    /// Denied: nothing was executed.
    case none
    /// Filled (the journal keeps one fill per order).
    case filled(Fill)
    /// Released without a fill; `reason` as journaled (the executor's rejection, `cancelled`, `expired`, …).
    case released(reason: String)
    /// A paper limit order resting until `expiresAt`.
    case resting(since: Timestamp, expiresAt: Timestamp)
    /// Allowed, with no fill and no release yet: a live order whose venue outcome is being reconciled.
    case open
    /// A bot-executed order: what its reported fills add up to, its release reason once released (`cancelled`,
    /// `expired`), and when its reservation expires.
    case external(quantity: FixedDecimal, filled: FixedDecimal, releasedBecause: String?, expiresAt: Timestamp)
}

/// A fill a bot reported for a bot-executed order, read back from the journal by its fill id.
public struct JournaledFill: Sendable, Hashable {
    /// The fill as booked.
    public var fill: Fill
    /// The bot's id for it.
    public var fillID: String
    /// How its price compared with the market when it was reported.
    public var priceCheck: PriceCheck
    /// Realized P&L it booked, when the journal kept it (fills booked after their write leave it to replay).
    public var realizedPnL: FixedDecimal?
    /// When it was booked.
    public var time: Timestamp
}

extension DurableGate {
    /// Whether an order with this client order id was ever allowed: decided in this process, or journaled (looked up
    /// in the journal's index when memory does not hold it). False when the lookup fails.
    public func hasSeen(clientOrderID: String) -> Bool {
        if gate.hasSeen(clientOrderID: clientOrderID) { return true }
        return (try? journaledSequence(of: clientOrderID, allowedOnly: true)) != nil
    }

    /// Whether the journal holds an answer for this client order id (or this process decided one that is being
    /// written): allowed, or denied by the rules (a storage denial is not an answer to keep: the order may be sent
    /// again). False when the lookup fails (`submit` then looks the id up again and fails closed).
    public func hasJournaledAnswer(clientOrderID: String) -> Bool {
        if gate.hasSeen(clientOrderID: clientOrderID) { return true }
        let generation = forgetting.load(ordering: .acquiring)
        let found: Int64?
        do throws(JournalError) {
            found = try journaledSequence(of: clientOrderID, allowedOnly: false)
        } catch {
            return false
        }
        guard found == nil else { return true }
        // No answer: `submit` of this id need not look it up again, unless memory forgets ids meanwhile.
        lookedUpAbsent.withLock { $0[clientOrderID] = generation }
        return false
    }

    /// Makes memory remember `id` when the journal holds an allowed order with it that memory no longer holds, so
    /// the gate treats a repeat as the duplicate it is.
    func recallClientOrderID(_ id: String) throws(JournalError) {
        guard !gate.hasSeen(clientOrderID: id) else { return }
        let absentAt = lookedUpAbsent.withLock { $0.removeValue(forKey: id) }
        if let absentAt, absentAt == forgetting.load(ordering: .acquiring) { return }
        guard let sequence = try journaledSequence(of: id, allowedOnly: true) else { return }
        gate.rememberClientOrderID(id)
        rememberedIDs.withLock { $0.append((sequence, id)) }
    }

    /// The sequence of the first journaled order with this client order id that was allowed (or, unless
    /// `allowedOnly`, denied by the rules), through the journal's client-order-id index.
    func journaledSequence(of clientOrderID: String, allowedOnly: Bool) throws(JournalError) -> Int64? {
        do {
            // One statement reads a consistent state on its own: no transaction around it.
            return try store.database.unsafeRead { db in
                let statement = try db.cachedStatement(
                    sql: allowedOnly
                        ? "SELECT sequence FROM journal_orders WHERE client_order_id = ? AND allowed = 1 LIMIT 1"
                        : """
                        SELECT sequence FROM journal_orders WHERE client_order_id = ?
                        AND (allowed = 1 OR rule_ids != 'storage') LIMIT 1
                        """
                )
                return try Int64.fetchOne(statement, arguments: [clientOrderID])
            }
        } catch {
            throw .readFailed(during: "looking up client order id \(clientOrderID)", reason: "\(error)")
        }
    }

    /// Forgets the client order ids of orders up to `sequence` (a snapshot covers them: the journal answers for
    /// them), under the writer's lock so no decision in flight relies on a lookup made before.
    func forgetClientOrderIDs(coveredBy sequence: Int64) async {
        let gate = self.gate
        _ = await writer.record { _, _ -> ([JournalEntry], Void) in
            let covered = rememberedIDs.withLock { remembered -> [String] in
                let covered = remembered.filter { $0.sequence <= sequence }.map(\.id)
                remembered.removeAll { $0.sequence <= sequence }
                return covered
            }
            guard !covered.isEmpty else { return ([], ()) }
            forgetting.add(1, ordering: .releasing)
            lookedUpAbsent.withLock { $0.removeAll() }
            gate.forgetClientOrderIDs(covered)
            return ([], ())
        }
    }

    /// The first journaled decision for a client order id, if any.
    public func journaledDecision(clientOrderID: String) throws(JournalError) -> JournaledOrderRecord? {
        do {
            return try store.database.read { db in
                guard
                    let row = try Row.fetchOne(
                        db,
                        sql: """
                            SELECT o.sequence, o.allowed, o.rule_ids, o.profile_hash, o.time, o.price_source,
                            o.market_price, o.findings,
                            f.quantity AS fill_quantity, f.price AS fill_price, f.fee AS fill_fee,
                            f.price_source AS fill_price_source, r.reason AS release_reason,
                            s.since AS resting_since, s.expires_at AS resting_expires_at,
                            x.expires_at AS external_expires_at, o.quantity AS order_quantity
                            FROM journal_orders o
                            LEFT JOIN journal_fills f ON f.order_sequence = o.sequence
                            LEFT JOIN journal_releases r ON r.order_sequence = o.sequence
                            LEFT JOIN journal_resting s ON s.order_sequence = o.sequence
                            LEFT JOIN journal_external x ON x.order_sequence = o.sequence
                            WHERE o.client_order_id = ? ORDER BY o.sequence LIMIT 1
                            """,
                        arguments: [clientOrderID]
                    )
                else { return nil }
                let ruleText: String = row["rule_ids"]
                let (priceSource, marketPrice) = try JournalRecovery.pricing(from: row)
                let sequence: Int64 = row["sequence"]
                var findings: (violations: [Violation], warnings: [Violation])?
                if let text: String = row["findings"] {
                    guard let decoded = JournalFindings.decode(text) else {
                        throw JournalError.corruptRow(table: "journal_orders", sequence: sequence, reason: "findings")
                    }
                    findings = decoded
                }
                let allowed = (row["allowed"] as Int64) == 1
                var execution = try Self.execution(of: row, allowed: allowed, sequence: sequence)
                if allowed, let expiresAt: Int64 = row["external_expires_at"] {
                    guard
                        let quantity = try JournalText.decimal(
                            row["order_quantity"],
                            table: "journal_orders",
                            sequence: sequence,
                            column: "quantity"
                        )
                    else {
                        throw JournalError.corruptRow(
                            table: "journal_orders",
                            sequence: sequence,
                            reason: "quantity missing"
                        )
                    }
                    execution = .external(
                        quantity: quantity,
                        filled: try JournalRecovery.fills(db, orderSequence: sequence).filled,
                        releasedBecause: row["release_reason"],
                        expiresAt: Timestamp(nanoseconds: expiresAt)
                    )
                }
                return JournaledOrderRecord(
                    allowed: allowed,
                    ruleIDs: ruleText.split(separator: ",").map(String.init),
                    profileHash: row["profile_hash"],
                    time: Timestamp(nanoseconds: row["time"]),
                    priceSource: priceSource,
                    marketPrice: marketPrice,
                    violations: findings?.violations,
                    warnings: findings?.warnings,
                    execution: execution
                )
            }
        } catch let error as JournalError {
            throw error
        } catch {
            throw .readFailed(during: "looking up client order id \(clientOrderID)", reason: "\(error)")
        }
    }

    /// The quantity `permit`'s reservation still holds; `.unknownPermit` once it is settled.
    public func reservedQuantity(of permit: Permit) throws(GateError) -> FixedDecimal {
        try gateForLookup.reservedQuantity(of: permit)
    }

    /// The fill a bot reported under `fillID` for the order journaled with `clientOrderID`, if any.
    public func journaledFill(clientOrderID: String, fillID: String) throws(JournalError) -> JournaledFill? {
        do {
            return try store.database.read { db in
                guard
                    let row = try Row.fetchOne(
                        db,
                        sql: """
                            SELECT f.sequence, f.time, f.quantity, f.price, f.fee, f.price_source, f.price_check,
                            f.realized_pnl
                            FROM journal_fills f JOIN journal_orders o ON o.sequence = f.order_sequence
                            WHERE o.client_order_id = ? AND f.fill_id = ? ORDER BY f.sequence LIMIT 1
                            """,
                        arguments: [clientOrderID, fillID]
                    )
                else { return nil }
                let sequence: Int64 = row["sequence"]
                guard let check = PriceCheck(row["price_check"] ?? "") else {
                    throw JournalError.corruptRow(table: "journal_fills", sequence: sequence, reason: "price_check")
                }
                return JournaledFill(
                    fill: try JournalText.fill(from: row, sequence: sequence),
                    fillID: fillID,
                    priceCheck: check,
                    realizedPnL: try JournalText.decimal(
                        row["realized_pnl"],
                        table: "journal_fills",
                        sequence: sequence,
                        column: "realized_pnl"
                    ),
                    time: Timestamp(nanoseconds: row["time"])
                )
            }
        } catch let error as JournalError {
            throw error
        } catch {
            throw .readFailed(during: "looking up fill \(fillID) of \(clientOrderID)", reason: "\(error)")
        }
    }

    /// The execution columns of a lookup row.
    private static func execution(of row: Row, allowed: Bool, sequence: Int64) throws -> JournaledExecution {
        guard allowed else { return .none }
        if row["fill_quantity"] as String? != nil {
            return .filled(try JournalText.fill(from: row, prefix: "fill_", sequence: sequence))
        }
        if let reason: String = row["release_reason"] { return .released(reason: reason) }
        if let since: Int64 = row["resting_since"], let expires: Int64 = row["resting_expires_at"] {
            return .resting(since: Timestamp(nanoseconds: since), expiresAt: Timestamp(nanoseconds: expires))
        }
        return .open
    }
}

import Foundation
import GRDB
import RampartRules

/// Anything the writer stores.
enum JournalEntry: Sendable {
    case order(OrderRow)
    case fill(FillRow)
    case release(ReleaseRow)
    case resting(RestingRow)
    case external(ExternalRow)
    case snapshot(SnapshotRow)
    case snapshotPart(SnapshotPart)
    case tradingState(TradingStateRow)

    /// The entry's number in the journal's one sequence; nil for a resting row, which is keyed by its order's.
    var sequence: Int64? {
        switch self {
        case .order(let row): row.sequence
        case .fill(let row): row.sequence
        case .release(let row): row.sequence
        case .resting, .external, .snapshot, .snapshotPart: nil
        case .tradingState(let row): row.sequence
        }
    }

    /// Entries whose in-memory effect already happened are retried with the next batch when a write fails;
    /// orders are not (their callers were told "denied").
    var retriedAfterFailure: Bool {
        switch self {
        case .order, .external, .snapshot, .snapshotPart: false
        case .fill(let row): !row.withOrder
        case .release(let row): !row.withOrder
        case .resting(let row): !row.withOrder
        case .tradingState: true
        }
    }

    /// Inserts the entry in the current transaction.
    func insert(into db: Database) throws {
        switch self {
        case .order(let row):
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO journal_orders (sequence, time, bot, account, symbol, side, type, quantity, price,
                    reference_price, mode, client_order_id, stop_loss, take_profit, allowed, profile_hash, rule_ids, effect,
                    price_source, market_price, findings)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            )
            let order = row.order
            try JournalBinding.run(statement, in: db) { bind in
                bind.integer(row.sequence)
                bind.integer(row.time.nanoseconds)
                bind.text(order.bot)
                bind.text(order.account)
                bind.text(order.symbol)
                bind.text(order.side.description)
                bind.text(order.type.description)
                bind.decimal(order.quantity)
                bind.decimal(order.price)
                bind.decimal(order.referencePrice)
                bind.text(order.mode.description)
                bind.text(order.clientOrderID)
                bind.decimal(order.stopLoss)
                bind.decimal(order.takeProfit)
                bind.integer(row.allowed)
                bind.text(row.profileHash)
                bind.text(row.ruleIDs)
                bind.text(row.effect?.description)
                bind.text(row.priceSource?.description)
                bind.decimal(row.marketPrice)
                bind.text(row.findings)
            }
        case .fill(let row):
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO journal_fills (sequence, order_sequence, time, quantity, price, fee, realized_pnl,
                    price_source, fill_id, price_check)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            )
            try JournalBinding.run(statement, in: db) { bind in
                bind.integer(row.sequence)
                bind.integer(row.orderSequence)
                bind.integer(row.time.nanoseconds)
                bind.decimal(row.fill.quantity)
                bind.decimal(row.fill.price)
                bind.decimal(row.fill.fee)
                bind.decimal(row.realizedPnL)
                bind.text(row.fill.priceSource.description)
                bind.text(row.fillID)
                bind.text(row.priceCheck?.description)
            }
        case .release(let row):
            let statement = try db.cachedStatement(
                sql: "INSERT INTO journal_releases (sequence, order_sequence, time, reason) VALUES (?, ?, ?, ?)"
            )
            try statement.execute(arguments: [row.sequence, row.orderSequence, row.time.nanoseconds, row.reason])
        case .resting(let row):
            // Resting again (a new expiry) keeps when the order first rested.
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO journal_resting (order_sequence, since, expires_at) VALUES (?, ?, ?)
                    ON CONFLICT (order_sequence) DO UPDATE SET expires_at = excluded.expires_at
                    """
            )
            try statement.execute(arguments: [row.orderSequence, row.since.nanoseconds, row.expiresAt.nanoseconds])
        case .external(let row):
            let statement = try db.cachedStatement(
                sql: "INSERT INTO journal_external (order_sequence, expires_at) VALUES (?, ?)"
            )
            try statement.execute(arguments: [row.orderSequence, row.expiresAt.nanoseconds])
        case .snapshot(let row):
            try StateSnapshots.insert(row, into: db)
        case .snapshotPart(let part):
            try db.execute(
                sql: "INSERT OR REPLACE INTO state_snapshot_parts (sequence, part, data) VALUES (?, ?, ?)",
                arguments: [part.sequence, part.part, Data(part.data)]
            )
        case .tradingState(let row):
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO trading_states (scope, state, until, reason, set_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (scope) DO UPDATE SET state = excluded.state, until = excluded.until,
                    reason = excluded.reason, set_at = excluded.set_at
                    """
            )
            try statement.execute(arguments: [
                row.scope.description, row.entry.state.description, row.entry.until?.nanoseconds, row.entry.reason,
                row.setAt.nanoseconds,
            ])
        }
    }
}

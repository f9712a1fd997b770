import GRDB
import RampartRules

/// Anything the writer stores.
enum JournalEntry: Sendable {
    case order(OrderRow)
    case fill(FillRow)
    case release(ReleaseRow)
    case tradingState(TradingStateRow)

    /// Entries whose in-memory effect already happened are retried with the next batch when a write fails;
    /// orders are not (their callers were told "denied").
    var retriedAfterFailure: Bool {
        if case .order = self { return false }
        return true
    }

    /// Inserts the entry in the current transaction.
    func insert(into db: Database) throws {
        switch self {
        case .order(let row):
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO journal_orders (sequence, time, bot, account, symbol, side, type, quantity, price,
                    reference_price, mode, client_order_id, stop_loss, take_profit, allowed, profile_hash, rule_ids, effect)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            )
            let order = row.order
            try statement.execute(arguments: [
                row.sequence, row.time.nanoseconds, order.bot, order.account, order.symbol, order.side.description,
                order.type.description, order.quantity.description, order.price?.description,
                order.referencePrice?.description, order.mode.description, order.clientOrderID,
                order.stopLoss?.description, order.takeProfit?.description, row.allowed, row.profileHash, row.ruleIDs,
                row.effect?.description,
            ])
        case .fill(let row):
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO journal_fills (sequence, order_sequence, time, quantity, price, fee, realized_pnl)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """
            )
            try statement.execute(arguments: [
                row.sequence, row.orderSequence, row.time.nanoseconds, row.fill.quantity.description,
                row.fill.price.description, row.fill.fee.description, row.realizedPnL.description,
            ])
        case .release(let row):
            let statement = try db.cachedStatement(
                sql: "INSERT INTO journal_releases (sequence, order_sequence, time, reason) VALUES (?, ?, ?, ?)"
            )
            try statement.execute(arguments: [row.sequence, row.orderSequence, row.time.nanoseconds, row.reason])
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

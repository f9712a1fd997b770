import GRDB
import RampartRules

/// Why the journal could not store or read something.
public enum JournalError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Write transaction number `write` failed and was rolled back: nothing of its batch was stored.
    case writeFailed(write: Int, reason: String)
    /// Reading the journal failed (while `during`).
    case readFailed(during: String, reason: String)
    /// A stored row does not parse back.
    case corruptRow(table: String, sequence: Int64, reason: String)

    public var description: String {
        switch self {
        case .writeFailed(let write, let reason): "journal write #\(write) failed and was rolled back: \(reason)"
        case .readFailed(let during, let reason): "reading the journal failed while \(during): \(reason)"
        case .corruptRow(let table, let sequence, let reason): "\(table) row \(sequence) is unreadable: \(reason)"
        }
    }
}

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
}

/// One journaled fill of an allowed order.
struct FillRow: Sendable {
    var sequence: Int64
    var orderSequence: Int64
    var time: Timestamp
    var fill: Fill
    var realizedPnL: FixedDecimal
}

/// One journaled release of an allowed order's reservation without a fill.
struct ReleaseRow: Sendable {
    var sequence: Int64
    var orderSequence: Int64
    var time: Timestamp
    var reason: String
}

/// The trading state of one scope, upserted (last write wins).
struct TradingStateRow: Sendable {
    var sequence: Int64
    var scope: TradingScope
    var entry: TradingStateEntry
    var setAt: Timestamp
}

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

/// Text forms of the journal's enums and scopes, and their parsers.
enum JournalText {
    static func decimal(
        _ text: String?,
        table: String,
        sequence: Int64,
        column: String
    ) throws(JournalError) -> FixedDecimal? {
        guard let text else { return nil }
        do {
            return try FixedDecimal(exactly: text)
        } catch {
            throw .corruptRow(table: table, sequence: sequence, reason: "\(column) \(text.debugDescription): \(error)")
        }
    }

    static func side(_ text: String) -> Side? { Side.allCases.first { $0.description == text } }
    static func type(_ text: String) -> OrderType? { OrderType.allCases.first { $0.description == text } }
    static func mode(_ text: String) -> TradingMode? { TradingMode.allCases.first { $0.description == text } }
    static func state(_ text: String) -> TradingState? { TradingState.allCases.first { $0.description == text } }
    static func effect(_ text: String?) -> OrderEffect? {
        guard let text else { return nil }
        return [OrderEffect.opening, .increasing, .reducing, .crossing].first { $0.description == text }
    }

    /// `global`, `account:NAME`, `bot:NAME`.
    static func scope(_ text: String) -> TradingScope? {
        if text == "global" { return .global }
        if text.hasPrefix("account:") { return .account(String(text.dropFirst("account:".count))) }
        if text.hasPrefix("bot:") { return .bot(String(text.dropFirst("bot:".count))) }
        return nil
    }
}

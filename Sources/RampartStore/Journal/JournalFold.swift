import GRDB
import RampartRules

/// The state the journal's rows make, folded in journal order: fills booked (positions, P&L, tallies), allowed
/// orders' rate-window events and duplicate memory, and which allowed orders are still open.
///
/// It depends on the journal alone, never on the clock or on what memory held: a fold of the rows after a
/// snapshot's sequence onto that snapshot's fold is the fold of every row. Recovery finishes it (trading states,
/// open orders reserved again or released); snapshots store it (`StateSnapshots`). Client order ids are not part of
/// it: the journal answers for them (`DurableGate` looks an id up there).
struct JournalFold: Sendable {
    /// An allowed order with no release and no fill (for a bot-executed one: fills short of its quantity).
    struct OpenOrder: Sendable, Hashable {
        var quantity: FixedDecimal
        var external: Bool
        var filled = FixedDecimal.zero
    }

    var state = RiskState()
    /// Open orders by their sequence.
    var open: [Int64: OpenOrder] = [:]
    /// Every journal row up to this sequence is folded in.
    var sequence: Int64 = 0

    /// The highest sequence the journal's orders, fills and releases hold (0 for an empty journal).
    static func lastSequence(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(
            db,
            sql: """
                SELECT MAX(m) FROM (SELECT MAX(sequence) AS m FROM journal_orders
                UNION ALL SELECT MAX(sequence) FROM journal_fills UNION ALL SELECT MAX(sequence) FROM journal_releases)
                """
        ) ?? 0
    }

    /// Folds in every row after `sequence` that `db` holds (read in one transaction, so a committed prefix of the
    /// journal); returns how many rows it folded.
    @discardableResult
    mutating func apply(_ db: Database, profile: CompiledProfile) throws -> Int {
        let last = try Self.lastSequence(db)
        guard last > sequence else { return 0 }
        let orders = try Row.fetchCursor(
            db,
            sql: """
                SELECT o.sequence, o.time, o.bot, o.account, o.symbol, o.side, o.type, o.quantity, o.price,
                o.reference_price, o.mode, o.effect, x.order_sequence IS NOT NULL AS external FROM journal_orders o
                LEFT JOIN journal_external x ON x.order_sequence = o.sequence
                WHERE o.allowed = 1 AND o.sequence > ? AND o.sequence <= ? ORDER BY o.sequence
                """,
            arguments: [sequence, last]
        )
        let fills = try Row.fetchCursor(
            db,
            sql: """
                SELECT f.sequence, f.order_sequence, f.time, f.quantity, f.price, f.fee, f.price_source, o.bot,
                o.account, o.symbol, o.side, o.mode
                FROM journal_fills f JOIN journal_orders o ON o.sequence = f.order_sequence
                WHERE f.sequence > ? AND f.sequence <= ? ORDER BY f.sequence
                """,
            arguments: [sequence, last]
        )
        let releases = try Row.fetchCursor(
            db,
            sql: """
                SELECT sequence, order_sequence FROM journal_releases WHERE sequence > ? AND sequence <= ?
                ORDER BY sequence
                """,
            arguments: [sequence, last]
        )
        let orderColumns = try JournalRecovery.OrderColumns(orders.columnNames)
        guard let external = orders.columnNames.firstIndex(of: "external") else {
            throw JournalError.corruptRow(table: "journal_external", sequence: 0, reason: "query has no external")
        }
        var folded = 0
        var order = try orders.next()
        var fill = try fills.next()
        var release = try releases.next()
        // Every query's first column is the row's sequence; columns are read by position (by name, GRDB searches
        // the row's columns for each one).
        func key(_ row: Row?) -> Int64 { row.map { $0[0] } ?? .max }
        while order != nil || fill != nil || release != nil {
            let next = min(key(order), key(fill), key(release))
            if let row = order, key(row) == next {
                try fold(order: row, columns: orderColumns, external: external, profile: profile)
                order = try orders.next()
            } else if let row = fill, key(row) == next {
                try fold(fill: row, profile: profile)
                fill = try fills.next()
            } else if let row = release {
                open[row[1]] = nil
                release = try releases.next()
            }
            folded += 1
        }
        sequence = last
        return folded
    }

    /// Folds a row of `apply`'s order query, its columns where `columns` and `external` say.
    private mutating func fold(
        order row: Row,
        columns: JournalRecovery.OrderColumns,
        external: Int,
        profile: CompiledProfile
    ) throws {
        let (sequence, time, order, effect) = try JournalRecovery.order(from: row, columns: columns)
        try fold(
            order: order,
            sequence: sequence,
            time: time,
            effect: effect,
            external: row[external],
            profile: profile
        )
    }

    /// Folds a row of `apply`'s fill query: sequence, order_sequence, time, quantity, price, fee, price_source, and
    /// its order's bot, account, symbol, side, mode.
    private mutating func fold(fill row: Row, profile: CompiledProfile) throws {
        let sequence: Int64 = row[0]
        let orderSequence: Int64 = row[1]
        guard let side = JournalText.side(row[10]), let mode = JournalText.mode(row[11]) else {
            throw JournalError.corruptRow(table: "journal_orders", sequence: orderSequence, reason: "side or mode")
        }
        let fill = try JournalText.fill(
            quantity: row[3],
            price: row[4],
            fee: row[5],
            priceSource: row[6],
            sequence: sequence
        )
        let names = FilledOrder(bot: row[7], account: row[8], symbol: row[9], side: side, mode: mode)
        try fold(
            fill: fill,
            sequence: sequence,
            orderSequence: orderSequence,
            time: Timestamp(nanoseconds: row[2]),
            of: names,
            profile: profile
        )
    }

    /// What booking a fill needs of its order.
    struct FilledOrder: Sendable, Hashable {
        var bot: String
        var account: String
        var symbol: String
        var side: Side
        var mode: TradingMode

        init(bot: String, account: String, symbol: String, side: Side, mode: TradingMode) {
            self.bot = bot
            self.account = account
            self.symbol = symbol
            self.side = side
            self.mode = mode
        }

        init(_ order: Order) {
            self.init(bot: order.bot, account: order.account, symbol: order.symbol, side: order.side, mode: order.mode)
        }
    }

    /// Folds in entries the writer committed, in journal order: the same fold `apply(_:profile:)` makes of their
    /// rows once they are read back. `orders` holds what booking a fill needs of each order still open in the fold
    /// (kept up to date here); a fill of an order in neither is an error, which the caller avoids by reading such
    /// orders first (`ordersMissing`, `filledOrders`). Entries at or below `sequence` are skipped. Returns how many
    /// rows it folded. When it throws, the fold is part-way through `entries` and must not be used.
    @discardableResult
    mutating func apply(
        _ entries: [JournalEntry],
        orders: inout [Int64: FilledOrder],
        profile: CompiledProfile
    ) throws -> Int {
        var folded = 0
        var last = sequence
        // Orders closed here leave `orders` at the end: a later entry may still be a fill of one of them.
        var closed: [Int64] = []
        defer { for order in closed where open[order] == nil { orders[order] = nil } }
        for entry in entries {
            switch entry {
            case .order(let row) where row.allowed && row.sequence > sequence:
                try fold(
                    order: row.order,
                    sequence: row.sequence,
                    time: row.time,
                    effect: row.effect,
                    external: false,
                    profile: profile
                )
                orders[row.sequence] = FilledOrder(row.order)
                last = row.sequence
                folded += 1
            case .order(let row) where row.sequence > sequence:
                last = row.sequence
            case .external(let row) where row.orderSequence > sequence:
                // Written in its order's batch, right after the order.
                open[row.orderSequence]?.external = true
            case .fill(let row) where row.sequence > sequence:
                guard let names = orders[row.orderSequence] else {
                    throw JournalError.corruptRow(
                        table: "journal_fills",
                        sequence: row.sequence,
                        reason: "fill of order \(row.orderSequence), which the fold does not know"
                    )
                }
                try fold(
                    fill: row.fill,
                    sequence: row.sequence,
                    orderSequence: row.orderSequence,
                    time: row.time,
                    of: names,
                    profile: profile
                )
                if open[row.orderSequence] == nil { closed.append(row.orderSequence) }
                last = row.sequence
                folded += 1
            case .release(let row) where row.sequence > sequence:
                open[row.orderSequence] = nil
                closed.append(row.orderSequence)
                last = row.sequence
                folded += 1
            default:
                break
            }
        }
        sequence = last
        return folded
    }

    /// The sequences of the orders whose fills are among `entries` but which neither `orders` nor `entries` hold
    /// (orders placed before the fold's start): read them (`filledOrders`) before `apply(_:orders:profile:)`.
    func ordersMissing(from entries: [JournalEntry], in orders: [Int64: FilledOrder]) -> [Int64] {
        var placed = Set<Int64>()
        var missing: [Int64] = []
        for entry in entries {
            switch entry {
            case .order(let row): placed.insert(row.sequence)
            case .fill(let row) where row.sequence > sequence:
                if orders[row.orderSequence] == nil, !placed.contains(row.orderSequence) {
                    placed.insert(row.orderSequence)
                    missing.append(row.orderSequence)
                }
            default: break
            }
        }
        return missing
    }

    /// What booking a fill needs of each order in `sequences`, read from the journal.
    static func filledOrders(_ db: Database, sequences: [Int64]) throws -> [Int64: FilledOrder] {
        var found: [Int64: FilledOrder] = [:]
        let statement = try db.cachedStatement(
            sql: "SELECT bot, account, symbol, side, mode FROM journal_orders WHERE sequence = ?"
        )
        for sequence in sequences {
            guard let row = try Row.fetchOne(statement, arguments: [sequence]) else {
                throw JournalError.corruptRow(table: "journal_fills", sequence: sequence, reason: "order missing")
            }
            guard let side = JournalText.side(row["side"]), let mode = JournalText.mode(row["mode"]) else {
                throw JournalError.corruptRow(table: "journal_orders", sequence: sequence, reason: "side or mode")
            }
            found[sequence] = FilledOrder(
                bot: row["bot"],
                account: row["account"],
                symbol: row["symbol"],
                side: side,
                mode: mode
            )
        }
        return found
    }

    private mutating func fold(
        order: Order,
        sequence: Int64,
        time: Timestamp,
        effect: OrderEffect?,
        external: Bool,
        profile: CompiledProfile
    ) throws {
        guard let effect else {
            throw JournalError.corruptRow(table: "journal_orders", sequence: sequence, reason: "allowed without effect")
        }
        do {
            try state.restoreAllowedOrder(order, effect: effect, at: time, profile: profile)
        } catch {
            throw JournalError.corruptRow(table: "journal_orders", sequence: sequence, reason: "\(error)")
        }
        open[sequence] = OpenOrder(quantity: order.quantity, external: external)
    }

    private mutating func fold(
        fill: Fill,
        sequence: Int64,
        orderSequence: Int64,
        time: Timestamp,
        of order: FilledOrder,
        profile: CompiledProfile
    ) throws {
        do {
            _ = try state.book(
                fill,
                side: order.side,
                mode: order.mode,
                bot: order.bot,
                account: order.account,
                symbol: order.symbol,
                at: time,
                profile: profile
            )
        } catch {
            throw JournalError.corruptRow(table: "journal_fills", sequence: sequence, reason: "\(error)")
        }
        guard var entry = open[orderSequence] else { return }
        if entry.external, let filled = try? entry.filled.adding(fill.quantity), filled < entry.quantity {
            entry.filled = filled
            open[orderSequence] = entry
        } else {
            open[orderSequence] = nil
        }
    }
}

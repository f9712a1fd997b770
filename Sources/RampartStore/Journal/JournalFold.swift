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
        var folded = 0
        var order = try orders.next()
        var fill = try fills.next()
        var release = try releases.next()
        func key(_ row: Row?) -> Int64 { row.map { $0["sequence"] } ?? .max }
        while order != nil || fill != nil || release != nil {
            let next = min(key(order), key(fill), key(release))
            if let row = order, key(row) == next {
                try fold(order: row, profile: profile)
                order = try orders.next()
            } else if let row = fill, key(row) == next {
                try fold(fill: row, profile: profile)
                fill = try fills.next()
            } else if let row = release {
                open[row["order_sequence"]] = nil
                release = try releases.next()
            }
            folded += 1
        }
        sequence = last
        return folded
    }

    private mutating func fold(order row: Row, profile: CompiledProfile) throws {
        let (sequence, time, order, effect) = try JournalRecovery.order(from: row)
        guard let effect else {
            throw JournalError.corruptRow(table: "journal_orders", sequence: sequence, reason: "allowed without effect")
        }
        do {
            try state.restoreAllowedOrder(order, effect: effect, at: time, profile: profile)
        } catch {
            throw JournalError.corruptRow(table: "journal_orders", sequence: sequence, reason: "\(error)")
        }
        open[sequence] = OpenOrder(quantity: order.quantity, external: row["external"])
    }

    private mutating func fold(fill row: Row, profile: CompiledProfile) throws {
        let sequence: Int64 = row["sequence"]
        guard let side = JournalText.side(row["side"]), let mode = JournalText.mode(row["mode"]) else {
            throw JournalError.corruptRow(
                table: "journal_orders",
                sequence: row["order_sequence"],
                reason: "side or mode"
            )
        }
        let fill = try JournalText.fill(from: row, sequence: sequence)
        do {
            _ = try state.book(
                fill,
                side: side,
                mode: mode,
                bot: row["bot"],
                account: row["account"],
                symbol: row["symbol"],
                at: Timestamp(nanoseconds: row["time"]),
                profile: profile
            )
        } catch {
            throw JournalError.corruptRow(table: "journal_fills", sequence: sequence, reason: "\(error)")
        }
        let orderSequence: Int64 = row["order_sequence"]
        guard var entry = open[orderSequence] else { return }
        if entry.external, let filled = try? entry.filled.adding(fill.quantity), filled < entry.quantity {
            entry.filled = filled
            open[orderSequence] = entry
        } else {
            open[orderSequence] = nil
        }
    }
}

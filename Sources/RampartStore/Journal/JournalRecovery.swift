import GRDB
import RampartRules

/// Rebuilds the gate's in-memory state from the journal.
///
/// The journal is folded in journal order (`JournalFold`): fills booked (positions, P&L, daily P&L, loss streaks),
/// allowed orders' rate-window events and duplicate memory recorded, open orders tracked. The fold starts from the
/// newest sound state snapshot (`StateSnapshots`) and reads only the rows after it, or from nothing. Trading states
/// come back exactly (expiry and reason included) from `trading_states`. Client order ids are not read: the journal
/// answers for them through its index (`DurableGate` looks an id up there). Allowed orders that were neither filled
/// nor released when the process stopped are the *open* ones. An open paper order never reached a venue: unless it
/// was resting, `DurableGate.open` journals a release for it (`recovered`). A resting paper order (a
/// `journal_resting` row) whose expiry is still ahead has its reservation held again, at the reference price and
/// price source it was decided at, and waits for a quote to cross it; one that expired while the process was down
/// is released (`expired`). An open live order may have reached the venue and filled, so its reservation is held
/// again and the service reconciles it by client order id before anything is released.
enum JournalRecovery {
    /// What recovery found.
    struct Result {
        var state: RiskState
        var nextSequence: Int64
        /// Sequences of allowed paper orders with no fill, no release and no resting row: released as `recovered`.
        var openOrders: [Int64]
        /// Sequences of resting paper orders whose expiry has passed: released as `expired`.
        var expiredRestingOrders: [Int64]
        /// Resting paper orders not yet expired, reserved again: they wait for a quote to cross them.
        var restingOrders: [(sequence: Int64, order: RestingOrderRecord)]
        /// Allowed live orders with no fill and no release, reserved again: to be reconciled with the venue.
        var openLiveOrders: [(sequence: Int64, permit: Permit)]
        /// Bot-executed orders not yet filled in full, released or expired, reserved again for what is not filled.
        var externalOrders: [(sequence: Int64, order: ExternalOrderRecord)] = []
        /// Sequences of bot-executed orders whose reservation expired while the process was down: released as
        /// `expired`.
        var expiredExternalOrders: [(sequence: Int64, clientOrderID: String)] = []
        /// The sequence the state snapshot recovery started from covers (fills up to it were not replayed); nil when
        /// every fill was replayed.
        var snapshotSequence: Int64? = nil
        /// Why newer snapshots were skipped, if any were.
        var rejectedSnapshots: [String] = []
        /// The journal folded up to its last row, before recovery's own releases (`DurableGate.open` folds those in;
        /// the snapshots go on from it).
        var fold = JournalFold()
        /// Journal rows folded after the snapshot (or from the start).
        var foldedRows = 0
    }

    /// The state recovery rebuilds at `now`; with `usingSnapshots` false the whole journal is folded (for checks).
    static func rebuild(
        _ db: Database,
        profile: CompiledProfile,
        now: Timestamp,
        usingSnapshots: Bool = true
    ) throws(JournalError) -> Result {
        var result = Result(
            state: RiskState(),
            nextSequence: 1,
            openOrders: [],
            expiredRestingOrders: [],
            restingOrders: [],
            openLiveOrders: []
        )
        do {
            var fold = JournalFold()
            if usingSnapshots,
                let snapshot = try StateSnapshots.newestSound(
                    db,
                    profile: profile,
                    at: now,
                    rejected: &result.rejectedSnapshots
                )
            {
                fold = snapshot
                result.snapshotSequence = snapshot.sequence
            }
            result.foldedRows = try fold.apply(db, profile: profile)
            result.fold = fold
            result.state = fold.state
            try restoreTradingStates(db, into: &result.state, profile: profile, now: now)
            try restoreOpenOrders(db, fold.open, into: &result, profile: profile, now: now)
            result.nextSequence = fold.sequence + 1
            return result
        } catch let error as JournalError {
            throw error
        } catch {
            throw .readFailed(during: "rebuilding state", reason: "\(error)")
        }
    }

    /// Sorts the open orders (allowed, no release, no fill or a bot-executed order's fills short of its quantity):
    /// live and unexpired resting paper orders are reserved again, the other paper orders are listed for release.
    private static func restoreOpenOrders(
        _ db: Database,
        _ open: [Int64: JournalFold.OpenOrder],
        into result: inout Result,
        profile: CompiledProfile,
        now: Timestamp
    ) throws {
        let statement = try db.cachedStatement(
            sql: """
                SELECT o.*, g.since AS resting_since, g.expires_at AS resting_expires_at,
                x.expires_at AS external_expires_at
                FROM journal_orders o LEFT JOIN journal_resting g ON g.order_sequence = o.sequence
                LEFT JOIN journal_external x ON x.order_sequence = o.sequence
                WHERE o.sequence = ?
                """
        )
        let columns = try OrderColumns(statement.columnNames)
        for sequence in open.keys.sorted() {
            guard let row = try Row.fetchOne(statement, arguments: [sequence]) else {
                throw JournalError.corruptRow(table: "journal_orders", sequence: sequence, reason: "open order missing")
            }
            let (_, time, order, effect) = try order(from: row, columns: columns)
            if let expiresAt: Int64 = row["external_expires_at"] {
                try restoreExternal(
                    db,
                    row: row,
                    order: order,
                    effect: effect,
                    decidedAt: time,
                    expiresAt: Timestamp(nanoseconds: expiresAt),
                    into: &result,
                    profile: profile,
                    now: now
                )
                continue
            }
            let expiresAt: Int64? = row["resting_expires_at"]
            let resting = order.mode == .paper ? expiresAt.map(Timestamp.init(nanoseconds:)) : nil
            if order.mode == .paper {
                guard let resting else {
                    result.openOrders.append(sequence)
                    continue
                }
                guard resting > now else {
                    result.expiredRestingOrders.append(sequence)
                    continue
                }
            }
            do {
                let permit = try reserveAgain(
                    row,
                    order: order,
                    effect: effect,
                    decidedAt: time,
                    in: &result.state,
                    profile
                )
                if let resting {
                    let since = Timestamp(nanoseconds: row["resting_since"])
                    result.restingOrders.append(
                        (sequence, RestingOrderRecord(permit: permit, since: since, expiresAt: resting))
                    )
                } else {
                    result.openLiveOrders.append((sequence, permit))
                }
            } catch let error as JournalError {
                throw error
            } catch {
                throw JournalError.corruptRow(table: "journal_orders", sequence: sequence, reason: "\(error)")
            }
        }
    }

    /// Reserves a bot-executed order again for what its journaled fills leave, unless they add up to its quantity
    /// (done) or its reservation expired while the process was down (listed for release as `expired`).
    private static func restoreExternal(
        _ db: Database,
        row: Row,
        order: Order,
        effect: OrderEffect?,
        decidedAt time: Timestamp,
        expiresAt: Timestamp,
        into result: inout Result,
        profile: CompiledProfile,
        now: Timestamp
    ) throws {
        let sequence: Int64 = row["sequence"]
        let (filled, fillIDs) = try fills(db, orderSequence: sequence)
        guard filled < order.quantity else { return }  // filled in full: nothing is reserved any more
        guard expiresAt > now else {
            result.expiredExternalOrders.append((sequence, order.clientOrderID ?? "seq-\(sequence)"))
            return
        }
        do {
            let permit = try reserveAgain(
                row,
                order: order,
                effect: effect,
                decidedAt: time,
                in: &result.state,
                profile
            )
            if filled.isPositive { try result.state.shrinkRestoredReservation(permit, by: filled) }
            result.externalOrders.append(
                (sequence, ExternalOrderRecord(permit: permit, expiresAt: expiresAt, filled: filled, fillIDs: fillIDs))
            )
        } catch let error as JournalError {
            throw error
        } catch {
            throw JournalError.corruptRow(table: "journal_orders", sequence: sequence, reason: "\(error)")
        }
    }

    /// Holds an open journaled order's reservation again, at the reference price and price source it was decided at.
    private static func reserveAgain(
        _ row: Row,
        order: Order,
        effect: OrderEffect?,
        decidedAt time: Timestamp,
        in state: inout RiskState,
        _ profile: CompiledProfile
    ) throws -> Permit {
        let sequence: Int64 = row["sequence"]
        guard let effect else {
            throw JournalError.corruptRow(table: "journal_orders", sequence: sequence, reason: "allowed without effect")
        }
        let (priceSource, marketPrice) = try pricing(from: row)
        return try state.restoreReservation(
            of: order,
            effect: effect,
            decidedAt: time,
            profile: profile,
            reference: marketPrice,
            priceSource: priceSource ?? .caller
        )
    }

    /// What the journaled fills of an order add up to, and their fill ids in journal order.
    static func fills(_ db: Database, orderSequence: Int64) throws -> (filled: FixedDecimal, fillIDs: [String]) {
        var filled = FixedDecimal.zero
        var fillIDs: [String] = []
        let rows = try Row.fetchCursor(
            db,
            sql: "SELECT sequence, quantity, fill_id FROM journal_fills WHERE order_sequence = ? ORDER BY sequence",
            arguments: [orderSequence]
        )
        while let fill = try rows.next() {
            let fillSequence: Int64 = fill["sequence"]
            guard
                let quantity = try JournalText.decimal(
                    fill["quantity"],
                    table: "journal_fills",
                    sequence: fillSequence,
                    column: "quantity"
                ), let total = try? filled.adding(quantity)
            else { throw JournalError.corruptRow(table: "journal_fills", sequence: fillSequence, reason: "quantity") }
            filled = total
            if let id: String = fill["fill_id"] { fillIDs.append(id) }
        }
        return (filled, fillIDs)
    }

    /// Reads an order row's decision pricing back: where its reference price came from and the price itself.
    static func pricing(from row: Row) throws(JournalError) -> (priceSource: PriceSource?, marketPrice: FixedDecimal?) {
        let sequence: Int64 = row["sequence"]
        let table = "journal_orders"
        return (
            try JournalText.priceSource(row["price_source"], table: table, sequence: sequence, column: "price_source"),
            try JournalText.decimal(row["market_price"], table: table, sequence: sequence, column: "market_price")
        )
    }

    private static func restoreTradingStates(
        _ db: Database,
        into state: inout RiskState,
        profile: CompiledProfile,
        now: Timestamp
    )
        throws
    {
        for row in try Row.fetchAll(db, sql: "SELECT rowid, scope, state, until, reason FROM trading_states") {
            let text: String = row["scope"]
            guard let scope = JournalText.scope(text), let value = JournalText.state(row["state"]) else {
                throw JournalError.corruptRow(
                    table: "trading_states",
                    sequence: row["rowid"],
                    reason: "scope or state \(text)"
                )
            }
            let until: Int64? = row["until"]
            let entry = TradingStateEntry(
                state: value,
                until: until.map(Timestamp.init(nanoseconds:)),
                reason: row["reason"]
            )
            state.restoreTradingState(entry, for: scope, at: now, profile: profile)
        }
    }

    /// Where a query's result holds an order row's columns, found once by name for every row of the query (GRDB
    /// would search the row's columns for each name on every read). `client_order_id`, `stop_loss` and `take_profit`
    /// may be left out of the query; the others are required.
    struct OrderColumns {
        let sequence, time, bot, account, symbol, side, type, quantity, price, referencePrice, mode, effect: Int
        let clientOrderID, stopLoss, takeProfit: Int?

        init(_ names: [String]) throws {
            func find(_ name: String) -> Int? { names.firstIndex { $0.lowercased() == name } }
            func need(_ name: String) throws -> Int {
                guard let index = find(name) else {
                    throw JournalError.corruptRow(table: "journal_orders", sequence: 0, reason: "query has no \(name)")
                }
                return index
            }
            (sequence, time, bot, account, symbol) = (
                try need("sequence"), try need("time"), try need("bot"), try need("account"), try need("symbol")
            )
            (side, type, quantity, price, referencePrice) = (
                try need("side"), try need("type"), try need("quantity"), try need("price"), try need("reference_price")
            )
            (mode, effect) = (try need("mode"), try need("effect"))
            (clientOrderID, stopLoss, takeProfit) = (find("client_order_id"), find("stop_loss"), find("take_profit"))
        }
    }

    /// Reads an order row back, its columns where `columns` says.
    static func order(
        from row: Row,
        columns: OrderColumns
    ) throws -> (sequence: Int64, time: Timestamp, order: Order, effect: OrderEffect?) {
        let sequence: Int64 = row[columns.sequence]
        let table = "journal_orders"
        guard let side = JournalText.side(row[columns.side]), let type = JournalText.type(row[columns.type]),
            let mode = JournalText.mode(row[columns.mode])
        else { throw JournalError.corruptRow(table: table, sequence: sequence, reason: "side, type or mode") }
        func decimal(_ index: Int?, _ column: String) throws -> FixedDecimal? {
            guard let index else { return nil }
            return try JournalText.decimal(row[index], table: table, sequence: sequence, column: column)
        }
        guard let quantity = try decimal(columns.quantity, "quantity") else {
            throw JournalError.corruptRow(table: table, sequence: sequence, reason: "quantity missing")
        }
        let order = Order(
            bot: row[columns.bot],
            account: row[columns.account],
            symbol: row[columns.symbol],
            side: side,
            type: type,
            quantity: quantity,
            price: try decimal(columns.price, "price"),
            referencePrice: try decimal(columns.referencePrice, "reference_price"),
            mode: mode,
            clientOrderID: columns.clientOrderID.flatMap { row[$0] },
            stopLoss: try decimal(columns.stopLoss, "stop_loss"),
            takeProfit: try decimal(columns.takeProfit, "take_profit")
        )
        return (sequence, Timestamp(nanoseconds: row[columns.time]), order, JournalText.effect(row[columns.effect]))
    }

    /// `promotions(bot, promoted)` rows, if the security side's table exists yet (hook: `restorePromotions`).
    static func promotions(_ db: Database) throws(JournalError) -> [(bot: String, promoted: Bool)] {
        do {
            guard try db.tableExists("promotions") else { return [] }
            let columns = Set(try db.columns(in: "promotions").map(\.name))
            guard columns.isSuperset(of: ["bot", "promoted"]) else { return [] }
            return try Row.fetchAll(db, sql: "SELECT bot, promoted FROM promotions").map { ($0["bot"], $0["promoted"]) }
        } catch {
            throw .readFailed(during: "reading promotions", reason: "\(error)")
        }
    }
}

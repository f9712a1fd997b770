import Foundation
import GRDB
import RampartRules
import RampartStore

/// Checks a journal after a kill -9: integrity, acknowledged decisions, stops, and positions and daily P&L
/// against an independent replay of `journal_fills`.
struct Verifier {
    var database: String
    var acks: String

    func run() throws -> [String] {
        var problems: [String] = []
        let store = try Store(path: database)
        let integrity = try store.database.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
        if integrity != ["ok"] { problems.append("integrity_check: \(integrity.joined(separator: "; "))") }

        // Every acknowledged decision is in the journal with the same verdict.
        let journaled = try store.database.read { db in
            try Row.fetchAll(db, sql: "SELECT sequence, allowed FROM journal_orders").reduce(into: [Int64: Bool]()) {
                $0[$1["sequence"]] = $1["allowed"]
            }
        }
        let text = (try? String(contentsOfFile: acks, encoding: .utf8)) ?? ""
        // A line the kill cut short was never acknowledged.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).dropLast(text.hasSuffix("\n") ? 0 : 1)
        var stops: [TradingScope] = []
        var acked = 0
        for line in lines {
            let fields = line.split(separator: " ")
            if fields.count == 3, fields[0] == "o", let sequence = Int64(fields[1]) {
                acked += 1
                let allowed = fields[2] == "1"
                if journaled[sequence] != allowed {
                    problems.append(
                        "acknowledged decision \(sequence) (allowed \(allowed)) is \(journaled[sequence].map { "allowed \($0)" } ?? "missing")"
                    )
                }
            } else if fields.count == 2, fields[0] == "h", fields[1].hasPrefix("bot:") {
                stops.append(.bot(String(fields[1].dropFirst(4))))
            } else {
                problems.append("unreadable ack line \(line.debugDescription)")
            }
        }

        // Recovery, exactly as a restart does it.
        let gate = try DurableGate.open(store: store, profile: try CrashProfile.compile(), clock: CrashDriver.clock)
        let state = gate.snapshot()
        for scope in stops where state.tradingState(of: scope, at: CrashDriver.clock()) != .halted {
            problems.append("acknowledged stop of \(scope) is not in force")
        }

        // Recovery from the newest snapshot and a fold of the whole journal agree on everything they rebuild.
        let profile = try CrashProfile.compile()
        let now = CrashDriver.clock()
        let fromSnapshot = try JournalSnapshot.read(from: store, profile: profile, at: now)
        let folded = try JournalSnapshot.read(from: store, profile: profile, at: now, usingSnapshots: false)
        if fromSnapshot.fillLedger != folded.fillLedger {
            let a = fromSnapshot.fillLedger
            let b = folded.fillLedger
            var differences = Set(a.accounts.map { "\($0)" }).symmetricDifference(b.accounts.map { "\($0)" })
            differences.formUnion(Set(a.bots.map { "\($0)" }).symmetricDifference(b.bots.map { "\($0)" }))
            differences.formUnion(Set(a.positions.map { "\($0)" }).symmetricDifference(b.positions.map { "\($0)" }))
            let listed = differences.sorted().joined(separator: "; ")
            problems.append("snapshot recovery: fill-made state differs: \(listed)")
        }
        if fromSnapshot.orderMemory != folded.orderMemory {
            problems.append("snapshot recovery: rate windows or duplicate memory differ")
        }
        for key in folded.positionKeys
        where fromSnapshot.pendingQuantity(bot: key.bot, symbol: key.symbol)
            != folded.pendingQuantity(bot: key.bot, symbol: key.symbol)
        {
            problems.append("snapshot recovery: reservations of \(key.bot) \(key.symbol) differ")
        }
        let (snapshots, newest, last) = try store.database.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM state_snapshots") ?? 0,
                try Int64.fetchOne(db, sql: "SELECT MAX(sequence) FROM state_snapshots") ?? 0,
                try Int64.fetchOne(db, sql: "SELECT MAX(sequence) FROM journal_orders") ?? 0
            )
        }

        let replay = try IndependentReplay(store: store)
        problems += replay.problems
        for (key, quantity) in replay.positions {
            let recovered = state.positionQuantity(bot: key.bot, symbol: key.symbol)
            if recovered != quantity {
                problems.append("position \(key.bot) \(key.symbol): recovered \(recovered), replay \(quantity)")
            }
        }
        for (account, figures) in replay.accounts {
            guard let summary = state.summary(ofAccount: account) else {
                problems.append("account \(account) missing after recovery")
                continue
            }
            if summary.dailyRealizedPnL != figures.daily {
                problems.append(
                    "daily P&L of \(account): recovered \(summary.dailyRealizedPnL), replay \(figures.daily)"
                )
            }
            if summary.realizedPnL != figures.total {
                problems.append("realized P&L of \(account): recovered \(summary.realizedPnL), replay \(figures.total)")
            }
        }
        print(
            "verify: integrity \(integrity.joined()), \(acked) acked decisions, \(journaled.count) journaled, "
                + "\(replay.fills) fills, \(stops.count) stops, \(replay.positions.count) positions, "
                + "\(snapshots) snapshots (newest at sequence \(newest), last order \(last)), "
                + "\(problems.isEmpty ? "OK" : "\(problems.count) problems")"
        )
        return problems
    }
}

/// Positions and P&L recomputed straight from `journal_fills` (average cost, fees pro rata), not via the gate.
struct IndependentReplay {
    struct Key: Hashable {
        var bot: String
        var symbol: String
    }

    struct Holding {
        var quantity = FixedDecimal.zero
        var openCash = FixedDecimal.zero
    }

    var positions: [Key: FixedDecimal] = [:]
    var accounts: [String: (total: FixedDecimal, daily: FixedDecimal, day: Int64)] = [:]
    var problems: [String] = []
    var fills = 0

    init(store: Store) throws {
        var holdings: [Key: Holding] = [:]
        let rows = try store.database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT f.sequence, f.time, f.quantity, f.price, f.fee, f.realized_pnl, o.bot, o.account, o.symbol, o.side
                    FROM journal_fills f JOIN journal_orders o ON o.sequence = f.order_sequence ORDER BY f.sequence
                    """
            )
        }
        for row in rows {
            fills += 1
            let key = Key(bot: row["bot"], symbol: row["symbol"])
            let buy = (row["side"] as String) == "buy"
            let quantity = try FixedDecimal(exactly: row["quantity"])
            let price = try FixedDecimal(exactly: row["price"])
            let fee = try FixedDecimal(exactly: row["fee"])
            var holding = holdings[key] ?? Holding()
            var realized = FixedDecimal.zero
            var remaining = quantity
            var feeLeft = fee
            if !holding.quantity.isZero && holding.quantity.isPositive != buy {
                let held = holding.quantity.magnitude
                let closing = min(quantity, held)
                let closingFee = closing == quantity ? fee : try fee.multiplied(by: closing, dividedBy: quantity)
                let openCash = try holding.openCash.multiplied(by: closing, dividedBy: held)
                let proceeds = try closing.multiplied(by: price)
                realized = try openCash.adding(buy ? proceeds.negated : proceeds).subtracting(closingFee)
                holding.openCash = try holding.openCash.subtracting(openCash)
                holding.quantity = try holding.quantity.adding(buy ? closing : closing.negated)
                if holding.quantity.isZero { holding.openCash = .zero }
                remaining = try remaining.subtracting(closing)
                feeLeft = try feeLeft.subtracting(closingFee)
            }
            if remaining.isPositive {
                let notional = try remaining.multiplied(by: price)
                holding.openCash = try holding.openCash.adding(buy ? notional.negated : notional).subtracting(feeLeft)
                holding.quantity = try holding.quantity.adding(buy ? remaining : remaining.negated)
            }
            holdings[key] = holding
            // Fills booked after their write (journal-v5 on) leave realized_pnl NULL; the totals below still check
            // the recovered P&L against this replay.
            if let text: String = row["realized_pnl"], let journaledPnL = try? FixedDecimal(exactly: text),
                journaledPnL != realized
            {
                problems.append(
                    "fill \(row["sequence"] as Int64): journal says realized \(journaledPnL), replay \(realized)"
                )
            }
            let account: String = row["account"]
            let day = Timestamp(nanoseconds: row["time"]).utcDay
            var figures = accounts[account] ?? (.zero, .zero, day)
            if day > figures.day { figures = (figures.total, .zero, day) }
            figures.total = try figures.total.adding(realized)
            figures.daily = try figures.daily.adding(realized)
            accounts[account] = figures
        }
        positions = holdings.mapValues(\.quantity)
    }
}

import Foundation
import GRDB
import RampartCrypto
import RampartRules

/// When the durable gate writes a state snapshot: after `everyFills` fills were committed since the last one, and
/// no sooner than `minimumInterval` after it.
public struct SnapshotPolicy: Sendable {
    /// Fills committed since the last snapshot that make the next one due.
    public var everyFills: Int
    /// The least time between two snapshots.
    public var minimumInterval: Duration

    /// Creates a policy.
    public init(everyFills: Int, minimumInterval: Duration) {
        self.everyFills = everyFills
        self.minimumInterval = minimumInterval
    }

    /// The service's: every 10,000 fills, at most one every 5 seconds.
    public static let standard = SnapshotPolicy(everyFills: 10_000, minimumInterval: .seconds(5))
    /// Never.
    public static let never = SnapshotPolicy(everyFills: .max, minimumInterval: .seconds(0))
}

/// A snapshot row: the fill-made state (`FillLedger`) after every fill up to `sequence`, with its SHA-256.
struct SnapshotRow: Sendable {
    var sequence: Int64
    var takenAt: Timestamp
    var fills: Int64
    var payload: [UInt8]
    var checksum: String
}

/// Snapshots of the fill-made state in `state_snapshots`, so recovery books only the fills after the newest sound
/// one. Each is written with a journal batch (atomic with it), carries the SHA-256 of its payload, and only the
/// newest `kept` stay. A snapshot that does not verify, decode or fit the profile is skipped for an older one, and
/// without one every fill is replayed: a snapshot can make recovery faster, never different.
enum StateSnapshots {
    /// How many snapshots are kept.
    static let kept = 3
    /// The payload's first line.
    static let header = "rampart-fill-ledger 1"

    /// The snapshot row of `ledger` covering fills up to `sequence`; nil when a name cannot be written (a tab or a
    /// line break in it: the grammar admits none, so this is only a guard).
    static func row(_ ledger: FillLedger, sequence: Int64, fills: Int64, at time: Timestamp) -> SnapshotRow? {
        guard let payload = encode(ledger) else { return nil }
        return SnapshotRow(
            sequence: sequence,
            takenAt: time,
            fills: fills,
            payload: payload,
            checksum: Hex.encode(SHA256Digest.hash(payload))
        )
    }

    /// Inserts `row` and deletes all but the newest `kept` snapshots (in the caller's transaction).
    static func insert(_ row: SnapshotRow, into db: Database) throws {
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO state_snapshots (sequence, taken_at, fills, payload, checksum)
                VALUES (?, ?, ?, ?, ?)
                """,
            arguments: [row.sequence, row.takenAt.nanoseconds, row.fills, Data(row.payload), row.checksum]
        )
        try db.execute(
            sql: """
                DELETE FROM state_snapshots WHERE sequence NOT IN
                (SELECT sequence FROM state_snapshots ORDER BY sequence DESC LIMIT ?)
                """,
            arguments: [kept]
        )
    }

    /// The newest snapshot that verifies and fits `profile`, restored into a fresh state, with the sequence it
    /// covers; nil when there is none. `rejected` gets why each newer one was skipped.
    static func newestSound(
        _ db: Database,
        profile: CompiledProfile,
        at now: Timestamp,
        rejected: inout [String]
    ) throws -> (state: RiskState, sequence: Int64)? {
        guard try db.tableExists("state_snapshots") else { return nil }
        let rows = try Row.fetchCursor(
            db,
            sql: "SELECT sequence, payload, checksum FROM state_snapshots ORDER BY sequence DESC"
        )
        while let row = try rows.next() {
            let sequence: Int64 = row["sequence"]
            let payload = [UInt8]((row["payload"] as Data?) ?? Data())
            guard Hex.encode(SHA256Digest.hash(payload)) == (row["checksum"] as String?) else {
                rejected.append("snapshot at \(sequence): checksum does not match")
                continue
            }
            guard let ledger = decode(payload) else {
                rejected.append("snapshot at \(sequence): payload does not decode")
                continue
            }
            var state = RiskState()
            do {
                try state.restore(ledger, profile: profile, at: now)
            } catch {
                rejected.append("snapshot at \(sequence): \(error)")
                continue
            }
            return (state, sequence)
        }
        return nil
    }

    // MARK: Payload: one line per account (A), bot (B) and position (P), tab-separated, decimals as exact text.

    static func encode(_ ledger: FillLedger) -> [UInt8]? {
        var lines = [header]
        func optional(_ value: Int64?) -> String { value.map(String.init) ?? "-" }
        for a in ledger.accounts {
            lines.append(
                [
                    "A", a.name, "\(a.startingBalance)", "\(a.realizedPnL)", "\(a.day)", "\(a.dayStartEquity)",
                    "\(a.dailyRealizedPnL)", "\(a.peakEquity)", "\(a.grossExposure)",
                ].joined(separator: "\t")
            )
        }
        for b in ledger.bots {
            lines.append(
                [
                    "B", b.name, b.account, "\(b.openPositions)", "\(b.consecutiveLosses)", "\(b.lastLossTime)",
                    "\(b.closedTrades)", "\(b.wins)", "\(b.realizedPnL)", optional(b.firstFillTime),
                    "\(b.paperClosedTrades)", "\(b.paperWins)", "\(b.paperRealizedPnL)",
                    optional(b.paperFirstFillTime), "\(b.callerPricedFills)",
                ].joined(separator: "\t")
            )
        }
        for p in ledger.positions {
            lines.append(
                [
                    "P", p.bot, p.symbol, "\(p.quantity)", "\(p.openCash)", "\(p.costNotional)", "\(p.roundTripPnL)",
                    optional(p.openedAt),
                ].joined(separator: "\t")
            )
        }
        let names = ledger.accounts.map(\.name) + ledger.bots.map(\.name) + ledger.positions.map(\.symbol)
        guard !names.contains(where: { $0.contains("\t") || $0.contains("\n") }) else { return nil }
        return Array(lines.joined(separator: "\n").utf8)
    }

    static func decode(_ payload: [UInt8]) -> FillLedger? {
        let text = String(decoding: payload, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first.map(String.init) == header else { return nil }
        lines.removeFirst()
        var ledger = FillLedger(accounts: [], bots: [], positions: [])
        func decimal(_ text: Substring) -> FixedDecimal? { try? FixedDecimal(exactly: String(text)) }
        func integer(_ text: Substring) -> Int64? { Int64(text) }
        func optional(_ text: Substring) -> Int64?? { text == "-" ? .some(nil) : integer(text).map { .some($0) } }
        for line in lines {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            switch f.first {
            case "A":
                guard f.count == 9, let balance = decimal(f[2]), let realized = decimal(f[3]), let day = integer(f[4]),
                    let start = decimal(f[5]), let daily = decimal(f[6]), let peak = decimal(f[7]),
                    let gross = decimal(f[8])
                else { return nil }
                ledger.accounts.append(
                    FillLedger.Account(
                        name: String(f[1]),
                        startingBalance: balance,
                        realizedPnL: realized,
                        day: day,
                        dayStartEquity: start,
                        dailyRealizedPnL: daily,
                        peakEquity: peak,
                        grossExposure: gross
                    )
                )
            case "B":
                guard f.count == 15, let open = integer(f[3]), let losses = integer(f[4]),
                    let lastLoss = integer(f[5]), let closed = integer(f[6]), let wins = integer(f[7]),
                    let realized = decimal(f[8]), let first = optional(f[9]), let paperClosed = integer(f[10]),
                    let paperWins = integer(f[11]), let paperRealized = decimal(f[12]),
                    let paperFirst = optional(f[13]), let caller = integer(f[14])
                else { return nil }
                ledger.bots.append(
                    FillLedger.Bot(
                        name: String(f[1]),
                        account: String(f[2]),
                        openPositions: Int(open),
                        consecutiveLosses: Int(losses),
                        lastLossTime: lastLoss,
                        closedTrades: Int(closed),
                        wins: Int(wins),
                        realizedPnL: realized,
                        firstFillTime: first,
                        paperClosedTrades: Int(paperClosed),
                        paperWins: Int(paperWins),
                        paperRealizedPnL: paperRealized,
                        paperFirstFillTime: paperFirst,
                        callerPricedFills: Int(caller)
                    )
                )
            case "P":
                guard f.count == 8, let quantity = decimal(f[3]), let cash = decimal(f[4]), let cost = decimal(f[5]),
                    let roundTrip = decimal(f[6]), let opened = optional(f[7])
                else { return nil }
                ledger.positions.append(
                    FillLedger.Position(
                        bot: String(f[1]),
                        symbol: String(f[2]),
                        quantity: quantity,
                        openCash: cash,
                        costNotional: cost,
                        roundTripPnL: roundTrip,
                        openedAt: opened
                    )
                )
            default: return nil
            }
        }
        return ledger
    }
}

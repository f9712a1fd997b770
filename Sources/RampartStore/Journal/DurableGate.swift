import GRDB
public import Logging
public import RampartRules
import Synchronization

/// A `Gate` whose every decision, fill, release and trading-state change is journaled before it is returned.
///
/// Decisions are group-committed by one writer (see `JournalWriter`). If a write fails the gate fails closed:
/// the orders of that batch are denied (rule `storage`) and their reservations released, and every later order is
/// denied until a write commits again — each denied order's own journal row is the probe. Emergency stops take
/// effect in memory first, so they work while the journal is down, and are persisted as soon as it is back.
public final class DurableGate: Sendable {
    let gate: Gate
    /// The database the journal lives in (read for client-order-id lookups).
    let store: Store
    let writer: JournalWriter
    let clock: @Sendable () -> Timestamp
    let permits = Mutex<[Permit: Int64]>([:])
    let logger: Logger?
    /// Live orders that were in flight when the process last stopped: allowed, neither filled nor released. Their
    /// reservations are held again; settle each with `commit` or `release` once the venue says what happened.
    public let recoveredLiveOrders: [Permit]
    /// Paper limit orders that were resting when the process last stopped and have not expired, oldest first. Their
    /// reservations are held again; fill each with `commit` when a quote crosses it, or `release` it.
    public let recoveredRestingOrders: [RestingOrderRecord]
    /// Bot-executed orders whose reservations were held when the process last stopped and have not expired: held
    /// again for what is not filled; settle each with `commitPart` or `release`.
    public let recoveredExternalOrders: [ExternalOrderRecord]
    /// Client order ids of bot-executed orders whose reservation expired while the process was down, released at
    /// this start (journal reason `expired`).
    public let expiredExternalAtOpen: [String]
    /// Client order ids the gate remembers, each with the journal sequence of its order: ids of orders allowed in
    /// this process, and ids found in the journal. Once a snapshot covers that sequence, the journal answers for the
    /// id and memory forgets it (`forgetClientOrderIDs(coveredBy:)`).
    let rememberedIDs = Mutex<[(sequence: Int64, id: String)]>([])
    /// How often memory forgot client order ids: a decision relies on a journal lookup only if no id was forgotten
    /// between the lookup and the decision (else the lookup may have missed an order committed meanwhile).
    let forgetting = Atomic<UInt64>(0)
    /// Client order ids `hasJournaledAnswer` found no answer for, with `forgetting` then: `submit` skips its own
    /// lookup of such an id while nothing was forgotten since. Emptied whenever memory forgets ids.
    let lookedUpAbsent = Mutex<[String: UInt64]>([:])
    /// Takes the state snapshots (nil when the policy takes none).
    private let snapshotter = Mutex<Snapshotter?>(nil)

    private init(
        gate: Gate,
        store: Store,
        writer: JournalWriter,
        clock: @escaping @Sendable () -> Timestamp,
        logger: Logger?,
        recoveredLiveOrders: [(sequence: Int64, permit: Permit)],
        recoveredRestingOrders: [(sequence: Int64, order: RestingOrderRecord)],
        recoveredExternalOrders: [(sequence: Int64, order: ExternalOrderRecord)] = [],
        expiredExternalAtOpen: [String] = []
    ) {
        self.recoveredExternalOrders = recoveredExternalOrders.map(\.order)
        self.expiredExternalAtOpen = expiredExternalAtOpen
        self.recoveredLiveOrders = recoveredLiveOrders.map(\.permit)
        self.recoveredRestingOrders = recoveredRestingOrders.map(\.order)
        self.gate = gate
        self.store = store
        self.writer = writer
        self.clock = clock
        self.logger = logger
        self.permits.withLock { permits in
            for (sequence, permit) in recoveredLiveOrders { permits[permit] = sequence }
            for (sequence, resting) in recoveredRestingOrders { permits[resting.permit] = sequence }
            for (sequence, external) in recoveredExternalOrders { permits[external.permit] = sequence }
        }
    }

    /// Rebuilds the gate's state from `store`'s journal and opens it; open paper orders are released as `recovered`,
    /// except resting ones: those not yet expired stay reserved (`recoveredRestingOrders`), the others are released
    /// as `expired`; open live orders stay reserved (`recoveredLiveOrders`).
    public static func open(
        store: Store,
        profile: CompiledProfile,
        clock: @escaping @Sendable () -> Timestamp,
        logger: Logger? = nil,
        snapshots: SnapshotPolicy = .standard
    ) throws(JournalError) -> DurableGate {
        try open(store: store, profile: profile, clock: clock, logger: logger, fault: nil, snapshots: snapshots)
    }

    /// `open` with a fault seam for tests: `fault` runs inside every write transaction after recovery's own.
    static func open(
        store: Store,
        profile: CompiledProfile,
        clock: @escaping @Sendable () -> Timestamp,
        logger: Logger?,
        fault: JournalWriter.Fault?,
        snapshots: SnapshotPolicy = .standard
    ) throws(JournalError) -> DurableGate {
        let now = clock()
        var recovered: JournalRecovery.Result
        var promotions: [(bot: String, promoted: Bool)]
        do {
            (recovered, promotions) = try store.database.read { db in
                (try JournalRecovery.rebuild(db, profile: profile, now: now), try JournalRecovery.promotions(db))
            }
        } catch let error as JournalError {
            throw error
        } catch {
            throw .readFailed(during: "opening the journal", reason: "\(error)")
        }
        restorePromotions(promotions, into: &recovered.state)
        let released =
            (recovered.openOrders.map { ($0, "recovered") } + recovered.expiredRestingOrders.map { ($0, "expired") }
            + recovered.expiredExternalOrders.map { ($0.sequence, "expired") })
            .sorted { $0.0 < $1.0 }
        if !released.isEmpty {
            let first = recovered.nextSequence
            let rows = released.enumerated().map { offset, release in
                JournalEntry.release(
                    ReleaseRow(sequence: first + Int64(offset), orderSequence: release.0, time: now, reason: release.1)
                )
            }
            do {
                try store.database.write { db in for row in rows { try row.insert(into: db) } }
            } catch {
                throw .writeFailed(write: 0, reason: "releasing \(rows.count) open orders at recovery: \(error)")
            }
            recovered.nextSequence += Int64(rows.count)
            // The snapshots fold on from `recovered.fold`, and only entries the writer commits reach them.
            var names: [Int64: JournalFold.FilledOrder] = [:]
            do {
                try recovered.fold.apply(rows, orders: &names, profile: profile)
            } catch {
                throw .readFailed(during: "folding recovery's releases", reason: "\(error)")
            }
            logger?.notice(
                "released open paper orders at recovery",
                metadata: [
                    "recovered": "\(recovered.openOrders.count)",
                    "expired": "\(recovered.expiredRestingOrders.count)",
                ]
            )
        }
        if !recovered.restingOrders.isEmpty {
            logger?.notice(
                "resting paper orders rebuilt; their reservations are held until filled, cancelled or expired",
                metadata: ["count": "\(recovered.restingOrders.count)"]
            )
        }
        if !recovered.openLiveOrders.isEmpty {
            logger?.warning(
                "live orders were in flight at the last stop; their reservations are held until reconciled",
                metadata: ["count": "\(recovered.openLiveOrders.count)"]
            )
        }
        if let covered = recovered.snapshotSequence {
            logger?.notice(
                "state rebuilt from the snapshot at journal sequence \(covered) and the rows after it",
                metadata: ["rows": "\(recovered.foldedRows)"]
            )
        }
        for reason in recovered.rejectedSnapshots {
            logger?.warning(
                "state snapshot skipped; an older one or the whole journal was used",
                metadata: ["why": "\(reason)"]
            )
        }
        let gate = Gate(profile: profile, state: recovered.state, clock: clock)
        let writer = JournalWriter(database: store.database, nextSequence: recovered.nextSequence, fault: fault)
        let durable = DurableGate(
            gate: gate,
            store: store,
            writer: writer,
            clock: clock,
            logger: logger,
            recoveredLiveOrders: recovered.openLiveOrders,
            recoveredRestingOrders: recovered.restingOrders,
            recoveredExternalOrders: recovered.externalOrders,
            expiredExternalAtOpen: recovered.expiredExternalOrders.map(\.clientOrderID)
        )
        durable.takeSnapshots(snapshots, from: recovered)
        return durable
    }

    /// Takes state snapshots after committed batches as `policy` says, folding on from recovery's fold (see
    /// `Snapshotter`); one at once when recovery folded more rows than `policy` lets pass between two.
    private func takeSnapshots(_ policy: SnapshotPolicy, from recovered: JournalRecovery.Result) {
        guard policy.everyRows < .max else { return }
        let snapshotter = Snapshotter(
            gate: gate,
            database: store.database,
            writer: writer,
            fold: recovered.fold,
            written: recovered.snapshotSequence ?? 0,
            policy: policy,
            clock: clock,
            logger: logger
        ) { [weak self] sequence in await self?.forgetClientOrderIDs(coveredBy: sequence) }
        writer.observeCommits(snapshotter)
        self.snapshotter.withLock { $0 = snapshotter }
        if recovered.foldedRows >= policy.everyRows { snapshotter.takeNow() }
    }

    /// Writes a state snapshot of every committed row now, whatever the policy's pace (a graceful stop: the next
    /// start reads it and no row before it); returns, once it is written or failed (logged), the journal sequence
    /// the newest snapshot covers. Nil when the policy takes no snapshots or they stopped.
    @discardableResult
    public func snapshotForStop() async -> Int64? {
        guard let snapshotter = snapshotter.withLock({ $0 }) else { return nil }
        return await snapshotter.takeFinal()
    }

    /// Returns once the snapshotter has no pass running (see `Snapshotter.settled`); at once without snapshots.
    func snapshotsSettled() async {
        guard let snapshotter = snapshotter.withLock({ $0 }) else { return }
        await snapshotter.settled()
    }

    /// Hook for the security side's promotions: marks each `promotions(bot, promoted)` row's bot as promoted or not.
    static func restorePromotions(_ rows: [(bot: String, promoted: Bool)], into state: inout RiskState) {
        for row in rows { state.setPromoted(row.promoted, bot: row.bot) }
    }

    /// Releases a permit without a fill and journals why; returns once the release is durable.
    public func release(_ permit: Permit, reason: String = "released") async throws(DurableGateError) {
        guard let orderSequence = permits.withLock({ $0.removeValue(forKey: permit) }) else {
            throw .gate(.unknownPermit)
        }
        let gate = self.gate
        let (result, _, failure) = await writer.record { sequence, _ -> ([JournalEntry], GateError?) in
            do throws(GateError) {
                try gate.release(permit)
                return (
                    [
                        .release(
                            ReleaseRow(sequence: sequence, orderSequence: orderSequence, time: clock(), reason: reason)
                        )
                    ], nil
                )
            } catch {
                return ([], error)
            }
        }
        if let result { throw .gate(result) }
        if let failure { throw .journal(failure) }
    }

    /// Journals that the paper order behind `permit` rests until `expiresAt` (its limit is not marketable yet);
    /// returns once that is durable.
    ///
    /// The permit stays open: settle it with `commit` when a quote crosses it, or `release` it when it is cancelled
    /// or expires. After a restart a resting order whose expiry is still ahead is rebuilt with its reservation
    /// (`recoveredRestingOrders`); one that expired meanwhile is released as `expired`. Resting again moves the expiry
    /// and keeps `since`. A live order's resting row changes nothing at recovery (live orders are reconciled).
    /// Throws `.journal` when the write failed: the row is written with the next write that commits.
    public func rest(_ permit: Permit, until expiresAt: Timestamp) async throws(DurableGateError) {
        let (known, _, failure) = await writer.record { _, _ -> ([JournalEntry], Bool) in
            // Checked under the writer's lock: the resting row is queued before any fill or release of its order
            // (which take the permit out of the map first), or not at all.
            guard let orderSequence = permits.withLock({ $0[permit] }) else { return ([], false) }
            let row = RestingRow(orderSequence: orderSequence, since: clock(), expiresAt: expiresAt)
            return ([.resting(row)], true)
        }
        guard known else { throw .gate(.unknownPermit) }
        if let failure { throw .journal(failure) }
    }

    /// Sets a scope's trading state (emergency stop, resume) in memory at once, then persists it.
    ///
    /// Throws `.journal` when persisting failed: the new state is in force anyway and is written as soon as a
    /// write commits again.
    public func setTradingState(
        _ state: TradingState,
        for scope: TradingScope,
        reason: String
    ) async throws(DurableGateError) {
        let gate = self.gate
        let (_, _, failure) = await writer.record { sequence, _ -> ([JournalEntry], Void) in
            gate.setTradingState(state, for: scope, reason: reason)
            let entry = gate.snapshot().tradingStateEntry(of: scope)
            return (
                [.tradingState(TradingStateRow(sequence: sequence, scope: scope, entry: entry, setAt: clock()))], ()
            )
        }
        if let failure {
            logger?.error("trading state not persisted", metadata: ["scope": "\(scope)", "error": "\(failure)"])
            throw .journal(failure)
        }
    }

    /// What `submit` would answer now, without reserving or journaling anything.
    public func check(_ order: Order) -> Decision { gate.check(order) }

    /// The in-memory gate, for lookups that need no journal access.
    var gateForLookup: Gate { gate }

    /// A copy of the current in-memory state.
    public func snapshot() -> RiskState { gate.snapshot() }

    /// The in-memory state's counts at `now`, without a copy of the state (`Gate.stateCounts`).
    public func stateCounts(at now: Timestamp) -> StateCounts { gate.stateCounts(at: now) }

    /// Every symbol with a quote held, and the quote, without a copy of the state.
    public func heldQuotes() -> [(symbol: String, quote: Quote)] { gate.heldQuotes() }

    /// A bot's paper record as eligibility reads it, without a copy of the state.
    public func paperRecord(ofBot bot: String, now: Timestamp, startingBalance: FixedDecimal) -> PaperRecord {
        gate.paperRecord(ofBot: bot, now: now, startingBalance: startingBalance)
    }

    /// Marks a bot promoted (or not) in memory; the `promotions` table is the durable record, read at start.
    public func setPromoted(_ promoted: Bool, bot: String) { gate.setPromoted(promoted, bot: bot) }

    /// Whether a bot is promoted to live trading now.
    public func isPromoted(bot: String) -> Bool { gate.isPromoted(bot: bot) }

    /// Every bot promoted to live trading in memory now.
    public func promotedBots() -> [String] { gate.promotedBots() }

    /// The profile in force now.
    public var profile: CompiledProfile { gate.profile }

    /// Swaps in a new profile (decisions journal the hash of the profile that made them).
    public func replaceProfile(with profile: CompiledProfile) { gate.replaceProfile(with: profile) }

    /// The write failure that keeps the gate closed, or nil when the journal is healthy.
    public var storageFailure: JournalError? { writer.failure }

    /// The journal writer's checkpoints since start (`JournalWriter.checkpointEvery`).
    public var checkpointCounts: CheckpointCounts { writer.checkpointCounts }
    /// Batches (transactions) the journal writer committed since start.
    public var batchesCommitted: Int { writer.batchesCommitted }
}

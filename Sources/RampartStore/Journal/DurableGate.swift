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
    private let gate: Gate
    /// The database the journal lives in (read for client-order-id lookups).
    let store: Store
    private let writer: JournalWriter
    private let clock: @Sendable () -> Timestamp
    private let permits = Mutex<[Permit: Int64]>([:])
    private let logger: Logger?
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
    /// Client order ids the rules denied before this start (see `JournalRecovery.Result.deniedClientOrderIDs`).
    let deniedBeforeStart: Set<String>

    private init(
        gate: Gate,
        store: Store,
        writer: JournalWriter,
        clock: @escaping @Sendable () -> Timestamp,
        logger: Logger?,
        recoveredLiveOrders: [(sequence: Int64, permit: Permit)],
        recoveredRestingOrders: [(sequence: Int64, order: RestingOrderRecord)],
        recoveredExternalOrders: [(sequence: Int64, order: ExternalOrderRecord)] = [],
        expiredExternalAtOpen: [String] = [],
        deniedBeforeStart: Set<String> = []
    ) {
        self.deniedBeforeStart = deniedBeforeStart
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
            logger?.notice("state rebuilt from the snapshot at journal sequence \(covered) and the fills after it")
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
            expiredExternalAtOpen: recovered.expiredExternalOrders.map(\.clientOrderID),
            deniedBeforeStart: recovered.deniedClientOrderIDs
        )
        durable.takeSnapshots(snapshots)
        return durable
    }

    /// Takes state snapshots after committed batches as `policy` says (see `Snapshotter`).
    private func takeSnapshots(_ policy: SnapshotPolicy) {
        guard policy.everyFills < .max else { return }
        writer.observeCommits(Snapshotter(gate: gate, writer: writer, policy: policy, clock: clock, logger: logger))
    }

    /// Hook for the security side's promotions: marks each `promotions(bot, promoted)` row's bot as promoted or not.
    static func restorePromotions(_ rows: [(bot: String, promoted: Bool)], into state: inout RiskState) {
        for row in rows { state.setPromoted(row.promoted, bot: row.bot) }
    }

    /// Decides on `order`, journals the decision and returns it once it is durable (fail closed on write errors).
    ///
    /// With `externalUntil`, the order is bot-executed: when allowed, its reservation is journaled in the same batch
    /// as held until then (settle it with `commitPart` or `release`; recovery holds it again).
    ///
    /// With `execute` (a paper executor), an allowed order is executed at once and its fill, release or resting row
    /// goes in the decision's own batch: one write per paper order. The fill is booked in memory once that write
    /// committed; if it failed, the order is denied like any other and nothing is booked. `inline` in the answer
    /// says what happened.
    public func submit(
        _ order: Order,
        externalUntil: Timestamp? = nil,
        execute: ((Permit) -> InlineExecution)? = nil
    ) async -> JournaledDecision {
        let gate = self.gate
        let booking = Booking()
        let (outcome, sequence, failure) = await writer.record {
            sequence,
            failure -> ([JournalEntry], Submitted, JournalWriter.AfterWrite?) in
            if let failure {
                // Fail closed without consulting the rules; this order's row probes whether the journal is back.
                let row = OrderRow(
                    sequence: sequence,
                    time: clock(),
                    order: order,
                    allowed: false,
                    profileHash: gate.profile.hash,
                    ruleIDs: JournaledDecision.storageRule,
                    effect: nil,
                    priceSource: nil,
                    marketPrice: nil
                )
                return ([.order(row)], Submitted(decision: nil, permit: nil, closedBy: failure), nil)
            }
            let (decision, permit) = gate.submit(order)
            let row = OrderRow(
                sequence: sequence,
                time: decision.time,
                order: order,
                allowed: decision.allowed,
                profileHash: decision.profileHash,
                ruleIDs: decision.ruleIDs.joined(separator: ","),
                effect: decision.effect,
                priceSource: decision.priceSource,
                marketPrice: decision.referencePrice,
                // Formatted only when the decision has findings: an allowed order without any pays nothing here.
                findings: decision.hasFindings
                    ? JournalFindings.encode(violations: decision.violations, warnings: decision.warnings) : ""
            )
            var entries: [JournalEntry] = [.order(row)]
            if let externalUntil, permit != nil {
                entries.append(.external(ExternalRow(orderSequence: sequence, expiresAt: externalUntil)))
            }
            for scope in Self.scopesChanged(by: decision, order: order) {
                let entry = gate.snapshot().tradingStateEntry(of: scope)
                let next = sequence + Int64(entries.count)
                entries.append(
                    .tradingState(TradingStateRow(sequence: next, scope: scope, entry: entry, setAt: decision.time))
                )
            }
            var inline: InlineExecution?
            var afterWrite: JournalWriter.AfterWrite?
            if let permit, let execute {
                let executed = Self.inline(
                    execute(permit),
                    permit: permit,
                    orderSequence: sequence,
                    next: sequence + Int64(entries.count),
                    gate: gate,
                    booking: booking
                )
                inline = executed.inline
                entries += executed.entries
                afterWrite = executed.afterWrite
            }
            return (entries, Submitted(decision: decision, permit: permit, closedBy: nil, inline: inline), afterWrite)
        }
        if let failure {
            if let permit = outcome.permit { try? gate.release(permit) }
            logger?.error("journal write failed; denying", metadata: ["error": "\(failure)"])
            return JournaledDecision(decision: outcome.decision, permit: nil, sequence: nil, storageFailure: failure)
        }
        if let closedBy = outcome.closedBy {
            return JournaledDecision(decision: nil, permit: nil, sequence: sequence, storageFailure: closedBy)
        }
        var executed: InlineOutcome?
        switch outcome.inline {
        case .fill(let fill)?:
            switch booking.result {
            case .success(let booked)?: executed = .filled(fill, booked)
            case .failure(let error)?:
                // Journaled but refused in memory after the preview passed: only an arithmetic range between the
                // two can do it. The journal holds the fill; recovery will refuse it too, so say so loudly.
                logger?.critical("paper fill journaled but not booked", metadata: ["error": "\(error)"])
                executed = .rejected("the gate refused the paper fill after journaling it: \(error)")
            case nil: executed = .rejected("the paper fill was not booked")
            }
        case .reject(let reason)?: executed = .rejected(reason)
        case .rest(let expiresAt)?:
            if let permit = outcome.permit { permits.withLock { $0[permit] = sequence } }
            executed = .resting(since: outcome.decision?.time ?? clock(), expiresAt: expiresAt)
        case nil:
            if let permit = outcome.permit { permits.withLock { $0[permit] = sequence } }
        }
        return JournaledDecision(
            decision: outcome.decision,
            permit: outcome.permit,
            sequence: sequence,
            storageFailure: nil,
            inline: executed
        )
    }

    private struct Submitted: Sendable {
        var decision: Decision?
        var permit: Permit?
        var closedBy: JournalError?
        var inline: InlineExecution? = nil
    }

    /// The journal rows of an inline execution (numbered from `next`) and what to do once they are written: a fill
    /// is previewed now (a refused one releases the permit instead) and booked after the write; a rejection
    /// releases at once; a resting order keeps its reservation.
    private static func inline(
        _ execution: InlineExecution,
        permit: Permit,
        orderSequence: Int64,
        next: Int64,
        gate: Gate,
        booking: Booking
    ) -> (inline: InlineExecution, entries: [JournalEntry], afterWrite: JournalWriter.AfterWrite?) {
        let now = permit.time
        switch execution {
        case .fill(let fill):
            do throws(GateError) {
                _ = try gate.previewCommit(permit, fill: fill, partial: false, at: now)
            } catch {
                return Self.inline(
                    .reject("the gate refused the paper fill: \(error)"),
                    permit: permit,
                    orderSequence: orderSequence,
                    next: next,
                    gate: gate,
                    booking: booking
                )
            }
            let row = FillRow(
                sequence: next,
                orderSequence: orderSequence,
                time: now,
                fill: fill,
                realizedPnL: nil,
                withOrder: true
            )
            return (
                execution, [.fill(row)],
                { failure in
                    guard failure == nil else { return }  // the order is denied: nothing to book
                    do throws(GateError) {
                        booking.result = .success(try gate.commit(permit, fill: fill, at: now))
                    } catch {
                        booking.result = .failure(error)
                    }
                }
            )
        case .reject(let reason):
            try? gate.release(permit)
            let row = ReleaseRow(
                sequence: next,
                orderSequence: orderSequence,
                time: now,
                reason: reason,
                withOrder: true
            )
            return (execution, [.release(row)], nil)
        case .rest(let expiresAt):
            let row = RestingRow(orderSequence: orderSequence, since: now, expiresAt: expiresAt, withOrder: true)
            return (execution, [.resting(row)], nil)
        }
    }

    /// Scopes whose trading state a denied decision's rule actions may have changed.
    private static func scopesChanged(by decision: Decision, order: Order) -> [TradingScope] {
        guard !decision.allowed else { return [] }
        var scopes: [TradingScope] = []
        decision.forEachFinding { rule, enforced in
            guard enforced else { return }
            switch rule.action {
            case .haltBot, .reduceOnlyBot: if !scopes.contains(.bot(order.bot)) { scopes.append(.bot(order.bot)) }
            case .haltAccount: if !scopes.contains(.account(order.account)) { scopes.append(.account(order.account)) }
            case .deny, .warn: break
            }
        }
        return scopes
    }

    /// Books a fill of a permitted order and journals it; returns once the fill is durable.
    ///
    /// Throws `.fillNotJournaled` when the write failed: the fill stays booked in memory and is written with the next
    /// batch that commits (the venue filled, so forgetting it would be wrong).
    @discardableResult
    public func commit(_ permit: Permit, fill: Fill) async throws(DurableGateError) -> FillOutcome {
        guard let orderSequence = permits.withLock({ $0.removeValue(forKey: permit) }) else {
            throw .gate(.unknownPermit)
        }
        let gate = self.gate
        let booking = Booking()
        let (refusal, _, failure) = await writer.record {
            sequence,
            _ -> ([JournalEntry], GateError?, JournalWriter.AfterWrite?) in
            let now = clock()
            do throws(GateError) {
                _ = try gate.previewCommit(permit, fill: fill, partial: false, at: now)
            } catch {
                return ([], error, nil)
            }
            let row = FillRow(sequence: sequence, orderSequence: orderSequence, time: now, fill: fill, realizedPnL: nil)
            // Booked after the write, in journal order, whether it committed or not: the venue (or the paper
            // executor) filled, so forgetting it would be wrong; a failed write is retried with the next batch.
            return (
                [.fill(row)], nil,
                { _ in booking.book { () throws(GateError) in try gate.commit(permit, fill: fill, at: now) } }
            )
        }
        if let refusal {
            permits.withLock { $0[permit] = orderSequence }  // nothing changed; the permit is still open
            throw .gate(refusal)
        }
        let outcome = try Self.booked(booking)
        if let failure { throw .fillNotJournaled(outcome, failure) }
        return outcome
    }

    /// The outcome a post-write booking left; a refusal there (only an arithmetic range between preview and
    /// booking can do it) is reported as the gate's.
    private static func booked(_ booking: Booking) throws(DurableGateError) -> FillOutcome {
        switch booking.result {
        case .success(let outcome)?: return outcome
        case .failure(let error)?: throw .gate(error)
        case nil: throw .gate(.invalidFill("the fill was not booked"))
        }
    }

    /// Books one fill a bot reported for its bot-executed order and journals it with `fillID` and `priceCheck`; the
    /// rest stays reserved. Returns the outcome and what is still reserved (zero: the permit is settled) once the
    /// fill is durable. Throws `.fillNotJournaled` when the write failed (booked in memory, written with the next
    /// batch that commits), `.gate(.exceedsReservation)` for a fill above the rest (nothing changed).
    public func commitPart(
        _ permit: Permit,
        fill: Fill,
        fillID: String,
        priceCheck: PriceCheck
    ) async throws(DurableGateError) -> (outcome: FillOutcome, remaining: FixedDecimal) {
        guard let orderSequence = permits.withLock({ $0[permit] }) else { throw .gate(.unknownPermit) }
        let gate = self.gate
        let booking = Booking()
        let remaining = Booking.Remaining()
        let (refusal, _, failure) = await writer.record {
            sequence,
            _ -> ([JournalEntry], GateError?, JournalWriter.AfterWrite?) in
            let now = clock()
            do throws(GateError) {
                _ = try gate.previewCommit(permit, fill: fill, partial: true, at: now)
            } catch {
                return ([], error, nil)
            }
            let row = FillRow(
                sequence: sequence,
                orderSequence: orderSequence,
                time: now,
                fill: fill,
                realizedPnL: nil,
                fillID: fillID,
                priceCheck: priceCheck
            )
            return (
                [.fill(row)], nil,
                { _ in
                    booking.book { () throws(GateError) in
                        let booked = try gate.commitPart(permit, fill: fill, at: now)
                        remaining.quantity = booked.remaining
                        if booked.remaining == .zero { self.permits.withLock { _ = $0.removeValue(forKey: permit) } }
                        return booked.outcome
                    }
                }
            )
        }
        if let refusal { throw .gate(refusal) }
        let outcome = try Self.booked(booking)
        if let failure { throw .fillNotJournaled(outcome, failure) }
        return (outcome, remaining.quantity)
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

    /// Marks a bot promoted (or not) in memory; the `promotions` table is the durable record, read at start.
    public func setPromoted(_ promoted: Bool, bot: String) { gate.setPromoted(promoted, bot: bot) }

    /// Whether a bot is promoted to live trading now.
    public func isPromoted(bot: String) -> Bool { gate.isPromoted(bot: bot) }

    /// The profile in force now.
    public var profile: CompiledProfile { gate.profile }

    /// Swaps in a new profile (decisions journal the hash of the profile that made them).
    public func replaceProfile(with profile: CompiledProfile) { gate.replaceProfile(with: profile) }

    /// The write failure that keeps the gate closed, or nil when the journal is healthy.
    public var storageFailure: JournalError? { writer.failure }
}

/// Takes a state snapshot when `policy` says one is due: the state is copied right after a committed batch's fills
/// are booked (so it holds exactly the fills up to that batch's last sequence), encoded off the writer's path, and
/// written with a later batch (see `StateSnapshots`).
final class Snapshotter: CommitObserver {
    private let gate: Gate
    private let writer: JournalWriter
    private let policy: SnapshotPolicy
    private let clock: @Sendable () -> Timestamp
    private let logger: Logger?
    private let pace = Mutex((fills: 0, last: ContinuousClock.now, writing: false))

    init(
        gate: Gate,
        writer: JournalWriter,
        policy: SnapshotPolicy,
        clock: @escaping @Sendable () -> Timestamp,
        logger: Logger?
    ) {
        self.gate = gate
        self.writer = writer
        self.policy = policy
        self.clock = clock
        self.logger = logger
    }

    func committed(lastSequence: Int64, fills: Int) {
        guard let covered = due(adding: fills) else { return }
        let state = gate.snapshot()
        Task { await self.write(state, covering: lastSequence, fills: covered) }
    }

    private func write(_ state: RiskState, covering sequence: Int64, fills: Int) async {
        defer { pace.withLock { $0 = (0, ContinuousClock.now, false) } }
        guard let row = StateSnapshots.row(state.fillLedger, sequence: sequence, fills: Int64(fills), at: clock())
        else {
            logger?.error("state snapshot not taken: a name cannot be written")
            return
        }
        let (_, _, failure) = await writer.record { _, closed -> ([JournalEntry], Void) in
            closed == nil ? ([.snapshot(row)], ()) : ([], ())
        }
        if let failure { logger?.warning("state snapshot not written", metadata: ["error": "\(failure)"]) }
    }

    /// Counts `fills` more; returns how many fills the snapshot due now covers (and marks it being written), or nil.
    private func due(adding fills: Int) -> Int? {
        let policy = self.policy
        return pace.withLock { pace -> Int? in
            pace.fills += fills
            guard !pace.writing, pace.fills >= policy.everyFills,
                ContinuousClock.now - pace.last >= policy.minimumInterval
            else { return nil }
            pace.writing = true
            defer { pace.fills = 0 }
            return pace.fills
        }
    }
}

/// What a paper executor does with a permit inside its decision's journal batch (`DurableGate.submit(execute:)`).
public enum InlineExecution: Sendable {
    /// Filled: booked once the batch is written.
    case fill(Fill)
    /// Rejected: the reservation is released in the same batch.
    case reject(String)
    /// A limit order that is not marketable: it rests, reserved, until `until`.
    case rest(until: Timestamp)
}

/// What became of a paper order executed in its decision's batch.
public enum InlineOutcome: Sendable {
    /// Filled and booked.
    case filled(Fill, FillOutcome)
    /// Released without a fill, for this reason.
    case rejected(String)
    /// Resting with its reservation held.
    case resting(since: Timestamp, expiresAt: Timestamp)
}

/// The outcome of a fill booked after its write, handed from the writer's drain to the caller it resumes.
final class Booking: Sendable {
    private let slot = Mutex<Result<FillOutcome, GateError>?>(nil)

    var result: Result<FillOutcome, GateError>? {
        get { slot.withLock { $0 } }
        set { slot.withLock { $0 = newValue } }
    }

    /// What a partial fill left reserved, handed over like the outcome.
    final class Remaining: Sendable {
        private let slot = Mutex(FixedDecimal.zero)
        var quantity: FixedDecimal {
            get { slot.withLock { $0 } }
            set { slot.withLock { $0 = newValue } }
        }
    }

    /// Runs `book` and keeps its outcome.
    func book(_ book: () throws(GateError) -> FillOutcome) {
        do throws(GateError) {
            result = .success(try book())
        } catch {
            result = .failure(error)
        }
    }
}

/// Why a `DurableGate` operation failed.
public enum DurableGateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The journal could not store it; the in-memory effect is kept and retried with the next write.
    case journal(JournalError)
    /// The gate refused it; nothing changed.
    case gate(GateError)
    /// A fill is booked in memory (with this outcome) but its journal write failed; it is written with the next
    /// write that commits.
    case fillNotJournaled(FillOutcome, JournalError)

    public var description: String {
        switch self {
        case .journal(let error): "not durable: \(error)"
        case .gate(let error): "\(error)"
        case .fillNotJournaled(_, let error): "fill booked but not durable: \(error)"
        }
    }
}

extension DurableGate: MarketDataSink {
    /// The symbols orders have named so far.
    public func symbolsInUse() -> [String] { gateForLookup.symbolsInUse() }

    /// Stores quotes in the in-memory gate (quotes are not journaled: they age out in seconds).
    @discardableResult
    public func updateQuotes(_ updates: [(symbol: String, quote: Quote)]) -> [String] {
        gateForLookup.updateQuotes(updates)
    }

    /// Replaces the venue's symbol filters in the in-memory gate.
    public func updateVenueRules(_ book: [String: SymbolRules]) { gateForLookup.updateVenueRules(book) }

    /// The newest quote held for `symbol`, if any.
    public func quote(for symbol: String) -> Quote? { gateForLookup.quote(for: symbol) }

    /// The venue's filters and listed name for `symbol`, from the market data, if known.
    public func venueRules(for symbol: String) -> SymbolRules? { gateForLookup.venueRules(for: symbol) }
}

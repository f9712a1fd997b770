public import Logging
public import RampartExecution
public import RampartRules
public import RampartStore
import RampartSystem
public import ServiceLifecycle
import Synchronization

/// The production order path: the durable gate (journal before answer), the order router (paper executor, and
/// the live venue when one is configured), the book of pending live orders, promotions and the audit log.
///
/// `submit` is the one way in for an order: decide and journal, execute, settle, answer one `OrderOutcome`.
/// Open one with `OrderDesk.open(_:)`; run its `backgroundServices` (reconciler, promotion sync, venue client)
/// in the same `ServiceGroup` as whatever serves it.
public final class OrderDesk: Sendable {
    /// The journaled gate every order goes through.
    public let gate: DurableGate
    /// The database the gate journals to; tokens, promotions and the audit log live there too.
    public let store: Store
    /// The audit log of operator actions.
    public let audit: AuditLog
    /// Promotion requests and confirmations.
    public let promotions: PromotionDesk
    /// Bearer tokens of the database.
    public let tokens: TokenAuthority
    /// The long-running passes this desk needs: reconciliation, promotion sync, and the venue client's shutdown.
    public let backgroundServices: [any Service]
    private let router: Mutex<OrderRouter>
    private let pending: PendingLiveBook
    let resting: RestingBook
    let external: ExternalBook
    /// How long a bot-executed order's reservation is held without being settled.
    let externalTTL: Duration
    /// The market data feed, when one is configured.
    public let marketFeed: PriceFeed?
    /// The live venue (`serve --venue-url`), for `testCredentials`; nil without one.
    let venue: VenueConfiguration?
    /// The lock on `<database>.lock` held while the desk lives (`DeskConfiguration.lockDatabase`).
    private let databaseLock: FileLock?
    private let submissions: FirstSubmissions
    let clock: @Sendable () -> Timestamp
    let logger: Logger

    init(
        gate: DurableGate,
        store: Store,
        audit: AuditLog,
        router: OrderRouter,
        pending: PendingLiveBook,
        resting: RestingBook,
        external: ExternalBook = ExternalBook(holding: []),
        externalTTL: Duration = .seconds(3600),
        rememberedClientOrderIDs: Int = FirstSubmissions.standardCapacity,
        marketFeed: PriceFeed?,
        venue: VenueConfiguration? = nil,
        databaseLock: FileLock? = nil,
        backgroundServices: [any Service],
        clock: @escaping @Sendable () -> Timestamp,
        logger: Logger
    ) {
        self.gate = gate
        self.store = store
        self.audit = audit
        self.router = Mutex(router)
        self.pending = pending
        self.resting = resting
        self.external = external
        self.externalTTL = externalTTL
        self.submissions = FirstSubmissions(capacity: rememberedClientOrderIDs)
        self.marketFeed = marketFeed
        self.venue = venue
        self.databaseLock = databaseLock
        self.logger = logger
        self.backgroundServices = backgroundServices
        self.clock = clock
        self.promotions = PromotionDesk(
            promotions: Promotions(database: store.database, audit: audit, clock: clock),
            gate: gate,
            clock: clock
        )
        self.tokens = TokenAuthority(tokens: TokenStore(database: store.database, audit: audit))
    }

    /// Gates `order` and, when allowed, executes and settles it; the same client order id again returns the
    /// first answer (from this process, or from the journal after a restart), never a second order.
    ///
    /// With `execution: .external` the bot executes: an allowed order's reservation is held until it reports fills
    /// (`reportFill`), releases it (`releaseExternal`) or `externalTTL` runs out; it needs a client order id.
    public func submit(_ order: Order, execution: OrderExecution = .rampart) async -> OrderOutcome {
        await withCheckedContinuation { waiter in
            submit(order, execution: execution) { waiter.resume(returning: $0) }
        }
    }

    /// `submit` without suspending: `completion` gets the answer once it is durable (at once for a repeat answered
    /// from the journal; for a paper order on the journal writer's drain, so it must not block). A paper order runs
    /// without a task; a live or bot-executed one runs in a task of its own.
    public func submit(
        _ order: Order,
        execution: OrderExecution = .rampart,
        then completion: @escaping @Sendable (OrderOutcome) -> Void
    ) {
        if let id = order.clientOrderID, !submissions.contains(id), gate.hasJournaledAnswer(clientOrderID: id),
            let earlier = try? gate.journaledDecision(clientOrderID: id)
        {
            return completion(
                .journaled(
                    JournaledAnswer(
                        allowed: earlier.allowed,
                        ruleIDs: earlier.ruleIDs,
                        profileHash: earlier.profileHash,
                        decidedAt: earlier.time,
                        priceSource: earlier.priceSource,
                        referencePrice: earlier.marketPrice,
                        violations: earlier.violations,
                        warnings: earlier.warnings,
                        execution: earlier.execution
                    )
                )
            )
        }
        submissions.submit(
            order,
            { order, done in
                switch (execution, order.mode) {
                case (.rampart, .paper): self.processPaper(order, then: done)
                case (.rampart, .live): Task { done(await self.process(order)) }
                case (.external, _): Task { done(await self.processExternal(order)) }
                }
            },
            then: completion
        )
    }

    /// A live order: decided and journaled, then routed to the venue.
    private func process(_ order: Order) async -> OrderOutcome {
        let journaled = await gate.submit(order)
        if let refusal = storageRefusal(of: journaled) { return .storageRefused(refusal) }
        // The durable gate answers every journaled order with the rules' decision; fail closed all the same.
        guard let decision = journaled.decision else { return .storageRefused(unanswered) }
        guard let permit = journaled.permit else { return .decided(decision, execution: nil) }
        let execution = await currentRouter.route(permit)
        switch execution {
        case .pending(let unresolved): await pending.hold(unresolved)
        case .resting(let order): await resting.add(order)
        case .filled, .rejected: break
        }
        return .decided(decision, execution: execution)
    }

    /// A paper order: decided and executed in one journal batch (the fill, release or resting row goes with the
    /// decision), so a paper order costs one durable write; `completion` gets the answer once it is durable.
    private func processPaper(_ order: Order, then completion: @escaping @Sendable (OrderOutcome) -> Void) {
        let paper = currentRouter.paperExecutor
        gate.submit(order, execute: { permit in Self.execute(permit, with: paper) }) { journaled in
            if let refusal = self.storageRefusal(of: journaled) { return completion(.storageRefused(refusal)) }
            guard let decision = journaled.decision else { return completion(.storageRefused(self.unanswered)) }
            guard let permit = journaled.permit, let inline = journaled.inline else {
                return completion(.decided(decision, execution: nil))
            }
            switch inline {
            case .filled(let fill, let outcome):
                completion(.decided(decision, execution: .filled(.paper(fill, outcome: outcome))))
            case .rejected(let reason): completion(.decided(decision, execution: .rejected(reason: reason)))
            case .resting(let since, let expiresAt):
                let order = RestingOrder(permit: permit, since: since, expiresAt: expiresAt)
                // The book is an actor: a resting order (rare on the hot path) is answered once it is in the book.
                Task {
                    await self.resting.add(order)
                    completion(.decided(decision, execution: .resting(order)))
                }
            }
        }
    }

    /// What the paper executor does with `permit`, in the terms of the journal's inline execution.
    private static func execute(_ permit: Permit, with paper: PaperExecutor?) -> InlineExecution {
        guard let paper else { return .reject("no paper executor is configured") }
        switch paper.execute(permit) {
        case .fill(let fill): return .fill(fill)
        case .reject(let rejection): return .reject(rejection.reason)
        case .rest:
            return .rest(until: permit.time.saturatingAdding(.nanoseconds(paper.settings.restingTTL.nanoseconds)))
        }
    }

    /// The denial of an order the journal could not record; nil when it did.
    func storageRefusal(of journaled: JournaledDecision) -> StorageRefusal? {
        guard let failure = journaled.storageFailure else { return nil }
        return StorageRefusal(
            reason: "journal unavailable: \(failure)",
            profileHash: journaled.decision?.profileHash ?? gate.profile.hash,
            time: journaled.decision?.time ?? clock(),
            warnings: journaled.decision?.warnings ?? []
        )
    }

    /// The denial of an order the journal recorded without a decision (never expected; fail closed).
    var unanswered: StorageRefusal {
        StorageRefusal(reason: "journal answered without a decision", profileHash: gate.profile.hash, time: clock())
    }

    /// The router in force (a reload may replace its paper executor).
    var currentRouter: OrderRouter { router.withLock { $0 } }

    /// What `submit` would decide now, reserving and executing nothing.
    public func check(_ order: Order) -> Decision { gate.check(order) }

    /// Sets (and journals and audits) a scope's trading state: an emergency stop or a resume; `actor` is who asked
    /// (`token:NAME`, `cli:USER`), as the audit log names them.
    public func setTradingState(
        _ state: TradingState,
        for scope: TradingScope,
        reason: String,
        actor: String
    ) async throws(DeskError) {
        do {
            try await gate.setTradingState(state, for: scope, reason: reason)
        } catch {
            // The durable gate applied it in memory first: the stop is in force, only the write failed.
            throw .notPersisted("\(error)")
        }
        let action = state == .active ? "resume" : (state == .halted ? "halt" : "reduce_only")
        do {
            try audit.append(actor: actor, action: action, details: "scope=\(scope) reason=\(reason)")
        } catch {
            throw .notPersisted("in force and journaled, but not audited: \(error)")
        }
    }

    /// Applies every halt `rampart stop` wrote into the database and not yet applied: journaled, audited, then
    /// marked applied. Returns how many were applied; a read failure is thrown (the caller decides to retry).
    @discardableResult
    public func applyStopRequests(logger: Logger) async throws(StopRequestError) -> Int {
        let requests = StopRequests(database: store.database, audit: audit)
        var applied = 0
        for request in try requests.pending() {
            do {
                try await setTradingState(.halted, for: request.scope, reason: request.reason, actor: request.actor)
            } catch {
                // In force in memory; the write failed: leave the request pending so the next pass journals it.
                logger.critical(
                    "emergency stop from the database in force but not persisted",
                    metadata: ["scope": "\(request.scope)", "error": "\(error)"]
                )
                continue
            }
            try requests.markApplied(request.id, at: clock())
            applied += 1
            logger.critical(
                "emergency stop (rampart stop)",
                metadata: ["scope": "\(request.scope)", "reason": "\(request.reason)", "by": "\(request.actor)"]
            )
        }
        return applied
    }

    /// The desk's clock now: what decisions are stamped with and quotes are aged against.
    public var now: Timestamp { clock() }

    /// The market data feed's health, or nil when the desk runs without market data.
    public var marketDataStatus: PriceFeedStatus? { marketFeed?.status }

    /// A copy of the current risk state.
    public func snapshot() -> RiskState { gate.snapshot() }

    /// The risk state's counts now, without a copy of the state (for `/metrics`).
    public func stateCounts() -> StateCounts { gate.stateCounts(at: now) }

    /// Every symbol with a quote held, and the quote, without a copy of the state.
    public func heldQuotes() -> [(symbol: String, quote: Quote)] { gate.heldQuotes() }

    /// Every bot promoted to live trading now, by name, without a copy of the state.
    public func promotedBots() -> [String] { gate.promotedBots().sorted() }

    /// A bot's paper record as eligibility reads it at `now`, without a copy of the state.
    public func paperRecord(ofBot bot: String, now: Timestamp, startingBalance: FixedDecimal) -> PaperRecord {
        gate.paperRecord(ofBot: bot, now: now, startingBalance: startingBalance)
    }

    /// The profile in force now.
    public var profile: CompiledProfile { gate.profile }

    /// Swaps in a new profile atomically (and its `paper:` settings); audited as `actor`.
    public func replaceProfile(with profile: CompiledProfile, actor: String = "service") {
        let previous = gate.profile
        // New `paper:` settings take effect with the profile; unchanged ones keep the running generator, so the
        // simulated sequence only restarts (from the new seed) when the settings really changed.
        let paperChanged = router.withLock { router in
            guard router.paperExecutor?.settings != profile.spec.paper else { return false }
            router = router.replacingPaper(with: profile.spec.paper.map(PaperExecutor.init(settings:)))
            return true
        }
        gate.replaceProfile(with: profile)
        _ = try? audit.append(
            actor: actor,
            action: "reload",
            details: "profile=\(profile.name) hash=\(profile.hash) previous=\(previous.hash)"
                + (paperChanged ? " paper_executor=restarted" : "")
        )
    }

    /// Audits a reload that failed: the profile in force stays, the diagnostics say why.
    public func auditFailedReload(actor: String, errors: [String]) {
        let profile = gate.profile
        _ = try? audit.append(
            actor: actor,
            action: "reload.failed",
            details: "profile=\(profile.name) kept=\(profile.hash) errors=\(errors.count) first=\(errors.first ?? "-")"
        )
    }

    /// Scopes an operator (or a rule action) stopped in `state`, with the reason, for `GET /v1/state`.
    public static func operatorStates(in state: RiskState) -> [TradingStateRecord] {
        state.stoppedScopes.map {
            TradingStateRecord(scope: $0.scope, state: $0.entry.state, reason: $0.entry.reason ?? "")
        }
    }

    /// Live orders whose outcome is not yet known; their reservations are held while they are reconciled.
    public func pendingLiveOrders() async -> [UnresolvedOrder] { await pending.list() }

    /// Asks the venue once about every pending live order; returns how many are still unresolved.
    @discardableResult
    public func reconcilePendingOrders() async -> Int { await pending.reconcileAll() }

    /// How the start log names the journal.
    public var journalSummary: String {
        "sqlite \(store.path) (WAL, synchronous=FULL; decisions durable before they are answered)"
    }

    /// Whether the journal takes writes now (`/readyz`): the last journal write succeeded.
    public var isReady: Bool { gate.storageFailure == nil }

    /// The journal writer's checkpoints since start (`/metrics`).
    public var journalCheckpoints: CheckpointCounts { gate.checkpointCounts }
    /// Batches (transactions) the journal writer committed since start.
    public var journalBatches: Int { gate.batchesCommitted }

    /// Checks at shutdown that nothing is left unwritten: every decision, fill and release is committed before its
    /// call returns, so this only reports a journal that failed and was not back.
    public func flush() throws(DeskError) {
        if let failure = gate.storageFailure { throw .notPersisted("journal unavailable: \(failure)") }
    }
}

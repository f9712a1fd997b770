import RampartExecution
import RampartRules
import RampartService
import RampartStore
import Synchronization

/// The service's order desk: the durable gate (journal before answer), the order router (paper executor, and the
/// live venue when one is configured), the book of pending live orders, and the audit log.
final class DurableDesk: OrderDesk {
    private let gate: DurableGate
    private let router: Mutex<OrderRouter>
    private let pending: PendingLiveBook
    private let audit: AuditLog
    private let submissions = FirstSubmissions()

    /// A desk over an opened durable gate; `router` settles with the same gate (`DurableSettlement`).
    init(gate: DurableGate, router: OrderRouter, pending: PendingLiveBook, audit: AuditLog) {
        self.gate = gate
        self.router = Mutex(router)
        self.pending = pending
        self.audit = audit
    }

    func submit(_ order: Order) async -> DeskResult {
        if let id = order.clientOrderID, !submissions.contains(id), gate.hasSeen(clientOrderID: id),
            let earlier = try? gate.journaledDecision(clientOrderID: id)
        {
            // Seen before a restart: answer with the journaled decision, never a second order.
            let replay = EarlierDecision(
                allowed: earlier.allowed,
                ruleIDs: earlier.ruleIDs,
                profileHash: earlier.profileHash,
                decidedAt: earlier.time
            )
            return DeskResult(decision: gate.check(order), execution: nil, replayed: true, earlier: replay)
        }
        return await submissions.submit(order) { order in await self.process(order) }
    }

    private func process(_ order: Order) async -> DeskResult {
        let journaled = await gate.submit(order)
        guard let decision = journaled.decision else {
            return DeskResult(decision: gate.check(order), execution: nil, storageFailure: journaled.storageMessage)
        }
        if let failure = journaled.storageFailure {
            return DeskResult(decision: decision, execution: nil, storageFailure: "journal unavailable: \(failure)")
        }
        guard let permit = journaled.permit else { return DeskResult(decision: decision, execution: nil) }
        switch await router.withLock({ $0 }).route(permit) {
        case .filled(let routed):
            return DeskResult(decision: decision, execution: .filled(routed.fill))
        case .notFilled(let reason):
            return DeskResult(decision: decision, execution: .rejected(reason: reason))
        case .unresolved(let order):
            await pending.hold(order)
            return DeskResult(
                decision: decision,
                execution: .pending(clientOrderID: order.clientOrderID, reason: order.reason)
            )
        }
    }

    func check(_ order: Order) async -> Decision { gate.check(order) }

    func setTradingState(_ state: TradingState, for scope: TradingScope, reason: String) async throws(DeskError) {
        do {
            try await gate.setTradingState(state, for: scope, reason: reason)
        } catch {
            // The durable gate applied it in memory first: the stop is in force, only the write failed.
            throw .notPersisted("\(error)")
        }
        let action = state == .active ? "resume" : (state == .halted ? "halt" : "reduce_only")
        do {
            try audit.append(actor: "api", action: action, details: "scope=\(scope) reason=\(reason)")
        } catch {
            throw .notPersisted("in force and journaled, but not audited: \(error)")
        }
    }

    func snapshot() async -> RiskState { gate.snapshot() }

    func replaceProfile(with profile: CompiledProfile) async {
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
            actor: "service",
            action: "reload",
            details: "profile=\(profile.name) hash=\(profile.hash) previous=\(previous.hash)"
                + (paperChanged ? " paper_executor=restarted" : "")
        )
    }

    func profile() async -> CompiledProfile { gate.profile }

    func operatorStates() async -> [TradingStateRecord] {
        let state = gate.snapshot()
        var scopes: [TradingScope] = [.global]
        scopes += state.accountNames.map { TradingScope.account($0) }
        scopes += state.botNames.map { TradingScope.bot($0) }
        return scopes.compactMap { scope in
            let entry = state.tradingStateEntry(of: scope)
            guard entry.state != .active else { return nil }
            return TradingStateRecord(scope: scope, state: entry.state, reason: entry.reason ?? "")
        }
    }

    func pendingLiveOrders() async -> [PendingLiveOrder] { await pending.list() }

    func knownNames() async -> (bots: [String], accounts: [String]) {
        let state = gate.snapshot()
        return (state.botNames, state.accountNames)
    }
}

import RampartExecution
import RampartRules
import RampartService
import RampartStore

/// The service's order desk: the durable gate (journal before answer), the paper executor, the audit log.
///
/// Live orders that pass the gate are released with "no live venue is configured in this server": the live
/// executor exists as a library, but `rampart serve` does not route to a venue yet, and a live order must never
/// be filled by the paper simulator.
final class DurableDesk: OrderDesk {
    private let gate: DurableGate
    private let paper: PaperExecutor?
    private let audit: AuditLog
    private let submissions = FirstSubmissions()

    /// A desk over an opened durable gate; `paper` is nil when the profile has no `paper:` settings.
    init(gate: DurableGate, paper: PaperExecutor?, audit: AuditLog) {
        self.gate = gate
        self.paper = paper
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
        let execution: ExecutionResult
        if permit.order.mode == .live {
            execution = .rejected(reason: "no live venue is configured in this server")
        } else if let paper {
            switch paper.execute(permit) {
            case .filled(let fill): execution = .filled(fill)
            case .rejected(let reason): execution = .rejected(reason: reason)
            }
        } else {
            execution = .rejected(reason: "the profile has no paper: settings")
        }
        switch execution {
        case .filled(let fill):
            do {
                try await gate.commit(permit, fill: fill)
            } catch {
                return DeskResult(decision: decision, execution: .rejected(reason: "fill not durable: \(error)"))
            }
        case .rejected(let reason):
            try? await gate.release(permit, reason: reason)
        }
        return DeskResult(decision: decision, execution: execution)
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
        gate.replaceProfile(with: profile)
        _ = try? audit.append(
            actor: "service",
            action: "reload",
            details: "profile=\(profile.name) hash=\(profile.hash) previous=\(previous.hash)"
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

    func knownNames() async -> (bots: [String], accounts: [String]) {
        let state = gate.snapshot()
        return (state.botNames, state.accountNames)
    }
}

public import RampartRules

/// The in-memory `OrderDesk`: a `Gate`, an `Executor` (default `ImmediateFillExecutor`) and a `TradingStateStore`.
///
/// Allowed orders are executed and committed (or released) on the gate. Idempotency on `client_order_id`:
/// the first submission's task is remembered and every repeat awaits and returns its result.
public final class GateDesk: OrderDesk {
    private let gate: Gate
    private let executor: any Executor
    private let store: any TradingStateStore
    private let submissions = FirstSubmissions()

    /// Creates a desk over `gate`; call `restoreTradingStates()` before serving.
    public init(gate: Gate, executor: any Executor = ImmediateFillExecutor(), store: any TradingStateStore) {
        self.gate = gate
        self.executor = executor
        self.store = store
    }

    /// Re-applies every trading state the store kept; returns them.
    @discardableResult
    public func restoreTradingStates() async throws(TradingStateStoreError) -> [TradingStateRecord] {
        let records = try await store.load()
        for record in records { gate.setTradingState(record.state, for: record.scope, reason: record.reason) }
        return records
    }

    public func submit(_ order: Order) async -> DeskResult {
        await submissions.submit(order) { order in await self.process(order) }
    }

    private func process(_ order: Order) async -> DeskResult {
        let (decision, permit) = gate.submit(order)
        guard let permit else { return DeskResult(decision: decision, execution: nil) }
        let execution = await executor.execute(permit)
        switch execution {
        case .filled(let fill):
            do {
                try gate.commit(permit, fill: fill)
            } catch {
                try? gate.release(permit)
                return DeskResult(decision: decision, execution: .rejected(reason: "fill not booked: \(error)"))
            }
        case .rejected:
            try? gate.release(permit)
        case .pending:
            break  // the executor keeps the permit until the venue's answer is known
        }
        return DeskResult(decision: decision, execution: execution)
    }

    public func check(_ order: Order) async -> Decision { gate.check(order) }

    public func setTradingState(_ state: TradingState, for scope: TradingScope, reason: String) async throws(DeskError)
    {
        let record = TradingStateRecord(scope: scope, state: state, reason: reason)
        if state == .active {
            // Resume: persist first, so a failed write leaves the stop in force.
            do { try await store.save(record) } catch { throw .storeFailed(error.message) }
            gate.setTradingState(state, for: scope, reason: reason)
        } else {
            // Stop: in force at once, whatever the store says.
            gate.setTradingState(state, for: scope, reason: reason)
            do { try await store.save(record) } catch { throw .notPersisted(error.message) }
        }
    }

    public func snapshot() async -> RiskState { gate.snapshot() }

    public func replaceProfile(with profile: CompiledProfile) async { gate.replaceProfile(with: profile) }

    public func profile() async -> CompiledProfile { gate.profile }

    public func operatorStates() async -> [TradingStateRecord] { (try? await store.load()) ?? [] }

    public func knownNames() async -> (bots: [String], accounts: [String]) { submissions.names }
}

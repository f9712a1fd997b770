import RampartExecution
import RampartRules
import RampartStore

/// Settles the router's permits with the durable gate: every commit and release is journaled before it answers.
struct DurableSettlement: PermitSettlement {
    let gate: DurableGate

    func commit(_ permit: Permit, fill: Fill) async -> Result<FillOutcome, SettlementError> {
        do throws(DurableGateError) {
            return .success(try await gate.commit(permit, fill: fill))
        } catch {
            switch error {
            case .gate(let refusal): return .failure(.refused(refusal))
            case .fillNotJournaled(let outcome, let failure):
                return .failure(.fillNotDurable(outcome, reason: "\(failure)"))
            case .journal(let failure):
                // `commit` reports a failed write as `.fillNotJournaled`; this case is for other calls.
                return .failure(.refused(.invalidFill("journal: \(failure)")))
            }
        }
    }

    func release(_ permit: Permit, reason: String) async -> Result<Void, SettlementError> {
        do throws(DurableGateError) {
            try await gate.release(permit, reason: reason)
            return .success(())
        } catch {
            switch error {
            case .gate(let refusal): return .failure(.refused(refusal))
            case .journal(let failure): return .failure(.releaseNotDurable(reason: "\(failure)"))
            case .fillNotJournaled(_, let failure): return .failure(.releaseNotDurable(reason: "\(failure)"))
            }
        }
    }
}

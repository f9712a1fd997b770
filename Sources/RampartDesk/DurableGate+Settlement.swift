public import RampartExecution
public import RampartRules
public import RampartStore

/// The router settles permits with the durable gate: every commit and release is journaled before it answers.
extension DurableGate: PermitSettlement {
    public func settle(_ permit: Permit, fill: Fill) async -> Result<FillOutcome, SettlementError> {
        do throws(DurableGateError) {
            return .success(try await commit(permit, fill: fill))
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

    public func settle(_ permit: Permit, restingUntil expiresAt: Timestamp) async -> Result<Void, SettlementError> {
        do throws(DurableGateError) {
            try await rest(permit, until: expiresAt)
            return .success(())
        } catch {
            switch error {
            case .gate(let refusal): return .failure(.refused(refusal))
            case .journal(let failure), .fillNotJournaled(_, let failure):
                return .failure(.releaseNotDurable(reason: "\(failure)"))
            }
        }
    }

    public func settle(_ permit: Permit, releasing reason: String) async -> Result<Void, SettlementError> {
        do throws(DurableGateError) {
            try await release(permit, reason: reason)
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

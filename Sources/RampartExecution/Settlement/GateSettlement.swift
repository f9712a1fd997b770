public import RampartRules

/// Settles permits with an in-memory `Gate` (the reason of a release is not kept).
public struct GateSettlement: PermitSettlement {
    /// The gate that issued the permits.
    public let gate: Gate

    /// Settles with `gate`.
    public init(_ gate: Gate) { self.gate = gate }

    public func settle(_ permit: Permit, fill: Fill) async -> Result<FillOutcome, SettlementError> {
        do throws(GateError) {
            return .success(try gate.commit(permit, fill: fill))
        } catch {
            return .failure(.refused(error))
        }
    }

    /// The in-memory gate already holds the reservation; nothing else to record.
    public func settle(_ permit: Permit, restingUntil expiresAt: Timestamp) async -> Result<Void, SettlementError> {
        do throws(GateError) {
            try gate.ensureOpen(permit)
            return .success(())
        } catch {
            return .failure(.refused(error))
        }
    }

    public func settle(_ permit: Permit, releasing reason: String) async -> Result<Void, SettlementError> {
        do throws(GateError) {
            try gate.release(permit)
            return .success(())
        } catch {
            return .failure(.refused(error))
        }
    }
}

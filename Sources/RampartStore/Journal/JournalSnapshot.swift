internal import GRDB
public import RampartRules

/// A read-only view of the journal's state, for operator commands that must not disturb a running service.
public enum JournalSnapshot {
    /// Rebuilds the state as recovery would, inside one read transaction, without writing anything
    /// (open orders stay open; promotions are applied).
    public static func read(from store: Store, profile: CompiledProfile, at now: Timestamp) throws(JournalError) -> RiskState {
        do {
            return try store.database.read { db in
                var state = try JournalRecovery.rebuild(db, profile: profile, now: now).state
                for promotion in try JournalRecovery.promotions(db) where promotion.promoted {
                    state.setPromoted(true, bot: promotion.bot)
                }
                return state
            }
        } catch let error as JournalError {
            throw error
        } catch {
            throw .readFailed(during: "reading a snapshot", reason: "\(error)")
        }
    }
}

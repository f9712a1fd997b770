import GRDB
public import RampartRules

/// A read-only view of the journal's state, for operator commands that must not disturb a running service.
public enum JournalSnapshot {
    /// Rebuilds the state as recovery would, inside one read transaction, without writing anything
    /// (open orders stay open; unexpired resting paper orders and open live orders hold their reservations;
    /// promotions are applied).
    ///
    /// With `usingSnapshots` false it folds the whole journal instead of starting from the newest state snapshot:
    /// the two must agree (the crash test checks it).
    public static func read(
        from store: Store,
        profile: CompiledProfile,
        at now: Timestamp,
        usingSnapshots: Bool = true
    ) throws(JournalError) -> RiskState {
        try readWithOpenLiveOrders(from: store, profile: profile, at: now, usingSnapshots: usingSnapshots).state
    }

    /// `read`, plus the live orders that are allowed but neither filled nor released (in flight, or pending
    /// reconciliation in the running service), oldest first, each with its reservation as recovery holds it.
    public static func readWithOpenLiveOrders(
        from store: Store,
        profile: CompiledProfile,
        at now: Timestamp,
        usingSnapshots: Bool = true
    )
        throws(JournalError) -> (state: RiskState, openLiveOrders: [Permit])
    {
        do {
            return try store.database.read { db in
                let rebuilt = try JournalRecovery.rebuild(
                    db,
                    profile: profile,
                    now: now,
                    usingSnapshots: usingSnapshots
                )
                var state = rebuilt.state
                for promotion in try JournalRecovery.promotions(db) where promotion.promoted {
                    state.setPromoted(true, bot: promotion.bot)
                }
                return (state, rebuilt.openLiveOrders.map(\.permit))
            }
        } catch let error as JournalError {
            throw error
        } catch {
            throw .readFailed(during: "reading a snapshot", reason: "\(error)")
        }
    }
}

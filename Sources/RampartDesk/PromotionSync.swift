import Logging
import RampartRules
import RampartStore
import ServiceLifecycle

/// Keeps the gate's promoted bots equal to the database's `promotions` table, so a `rampart promote confirm` run
/// against the database of a running service takes effect within one interval, and a promotion removed from the
/// table stops that bot's live orders.
struct PromotionSync: Service {
    let promotions: Promotions
    let gate: DurableGate
    let interval: Duration
    let logger: Logger

    /// Applies the table to the gate once; a read failure changes nothing and is logged.
    func syncOnce() {
        // The gate first, then the table: the API's confirmation writes the table before it promotes in the gate,
        // so a bot promoted in this snapshot is already in the table read after it (no transient demotion).
        let state = gate.snapshot()
        let promoted: Set<String>
        do {
            promoted = Set(try promotions.promotedBots())
        } catch {
            logger.error("cannot read promotions; promoted bots unchanged", metadata: ["error": "\(error)"])
            return
        }
        for bot in promoted.sorted() where !state.isPromoted(bot: bot) {
            gate.setPromoted(true, bot: bot)
            logger.notice("bot promoted to live trading (from the promotions table)", metadata: ["bot": "\(bot)"])
        }
        for bot in state.botNames where state.isPromoted(bot: bot) && !promoted.contains(bot) {
            gate.setPromoted(false, bot: bot)
            logger.notice("bot no longer promoted (removed from the promotions table)", metadata: ["bot": "\(bot)"])
        }
    }

    /// Syncs every `interval` until the service shuts down gracefully.
    func run() async throws {
        let sync = self
        await runEvery(interval) { sync.syncOnce() }
    }
}

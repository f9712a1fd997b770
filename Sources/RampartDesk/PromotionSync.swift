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
        // so a bot promoted in the gate's names is already in the table read after them (no transient demotion).
        // Only the names: a copy of the whole state held across the table's read would make every order decided
        // meanwhile copy what it writes.
        let inGate = Set(gate.promotedBots())
        let promoted: Set<String>
        do {
            promoted = Set(try promotions.promotedBots())
        } catch {
            logger.error("cannot read promotions; promoted bots unchanged", metadata: ["error": "\(error)"])
            return
        }
        for bot in promoted.sorted() where !inGate.contains(bot) {
            gate.setPromoted(true, bot: bot)
            logger.notice("bot promoted to live trading (from the promotions table)", metadata: ["bot": "\(bot)"])
        }
        for bot in inGate.sorted() where !promoted.contains(bot) {
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

import ArgumentParser
import RampartExecution
import RampartRules
import RampartStore

/// `rampart state`: positions, P&L today, trading states and rate-window use, read from the journal.
struct StateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state",
        abstract: "Show positions, P&L today, trading states and rate-window use from the journal (read-only)."
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var directories: DirectoryOptions

    @Option(help: "The profile the service runs (for starting balances and windows).")
    var profile: String = "paper"

    func run() throws {
        let compiled = try directories.compile(profile)
        let database = try store.openExisting()
        let now = Timestamp.now()
        let (state, openLive) = try AdminContext.run {
            try JournalSnapshot.readWithOpenLiveOrders(from: database, profile: compiled, at: now)
        }
        print("global: \(state.tradingState(of: .global, at: now))")
        // Halts `rampart stop` wrote while no service ran: in force as soon as a service starts on this database.
        let waiting = try AdminContext.run { try StopRequests.pending(in: database.database) }
        if !waiting.isEmpty {
            print(
                "\nhalts written by `rampart stop`, applied when a service starts (or within a second by a running one):"
            )
            for request in waiting {
                print("  \(request.scope)  \(request.reason)  by \(request.actor)")
            }
        }
        print("\naccounts:")
        for account in state.accountNames {
            guard let summary = state.summary(ofAccount: account) else { continue }
            print(
                "  \(account)  \(state.tradingState(of: .account(account), at: now))  equity \(summary.equity)  "
                    + "P&L today \(summary.dailyRealizedPnL)  realized \(summary.realizedPnL)  exposure \(summary.grossExposure)"
            )
        }
        print("\nbots:")
        for bot in state.botNames {
            let record = state.record(ofBot: bot)
            let lastMinute = state.rateWindowUse(bot: bot, window: TimeSpan(nanoseconds: 60_000_000_000), at: now)
            let lastHour = state.rateWindowUse(bot: bot, window: TimeSpan(nanoseconds: 3_600_000_000_000), at: now)
            let entriesToday = state.rateWindowUse(
                bot: bot,
                window: TimeSpan(nanoseconds: 86_400_000_000_000),
                at: now,
                entries: true
            )
            print(
                "  \(bot)  \(state.tradingState(of: .bot(bot), at: now))  open \(record?.openPositions ?? 0)  "
                    + "closed \(record?.closedTrades ?? 0)  orders 1m \(lastMinute)  1h \(lastHour)  entries 24h \(entriesToday)"
            )
        }
        print("\npositions:")
        for key in state.positionKeys {
            let quantity = state.positionQuantity(bot: key.bot, symbol: key.symbol)
            if quantity.isZero { continue }
            print("  \(key.bot)  \(key.symbol)  \(quantity)")
        }
        if !openLive.isEmpty {
            print("\nlive orders in flight or pending reconciliation (reservations held):")
            for permit in openLive {
                let order = permit.order
                print(
                    "  \(ClientOrderID.of(permit))  \(order.bot)  \(order.symbol)  \(order.side) \(order.quantity)  decided \(permit.time)"
                )
            }
        }
    }
}

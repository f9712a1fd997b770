import RampartRules

/// The replay's gating stage: sends each step (a fill already booked in the baseline) to every lane's gate, in
/// replay order, on the calling thread.
struct ReplayEngine {
    let file: String
    let clock = ReplayClock()
    private(set) var lanes: [ReplayLane]
    private(set) var changed: [ChangedOrder] = []
    /// Steps replayed through every lane so far.
    private(set) var stepsReplayed = 0
    private let locations: FillLocations
    /// Source names by id: this thread's own copies of the names the batches bring.
    private var bots: [String] = []
    private var symbols: [String] = []
    var log: DecisionLog?

    /// An engine over `profiles` (the first is the main one, the second the compare profile), already funding
    /// accounts on first use; `locations` reads the steps' locations.
    init(file: String, profiles: [CompiledProfile], locations: FillLocations) {
        self.file = file
        self.locations = locations
        let clock = self.clock
        self.lanes = profiles.map { ReplayLane(profile: $0, clock: clock) }
    }

    /// The profiles a replay runs: each bot gets its own account, created on first use; the profile's declared
    /// accounts (which the service enforces) do not apply to a trade file's bots.
    static func replayProfiles(_ profiles: [CompiledProfile]) -> [CompiledProfile] {
        profiles.map { $0.fundingAccountsOnFirstUse() }
    }

    /// Replays every step of `batch`.
    mutating func replay(_ batch: ReplayBatch) throws(DryRunError) {
        // Own copies, so the two threads never share a string's reference count.
        for name in batch.newBots { bots.append(String(decoding: Array(name.utf8), as: UTF8.self)) }
        for name in batch.newSymbols { symbols.append(String(decoding: Array(name.utf8), as: UTF8.self)) }
        for step in batch.steps {
            let clientOrderID = step.clientOrderID < 0 ? nil : batch.clientOrderIDs[Int(step.clientOrderID)]
            try replay(step, clientOrderID: clientOrderID)
            stepsReplayed += 1
        }
    }

    /// Gives every lane room for `bots` bots and `positions` positions (the baseline's counts), so that the report
    /// covers them all.
    mutating func reserve(bots: Int, positions: Int) {
        for lane in lanes.indices { lanes[lane].reserve(bots: bots, positions: positions) }
    }

    /// Replays one step through every lane.
    private mutating func replay(_ step: ReplayStep, clientOrderID: String?) throws(DryRunError) {
        let record = step.record
        let bot = bots[Int(record.bot)]
        let symbol = symbols[Int(record.symbol)]
        clock.set(record.time)
        let allowed = try lanes[0].replay(
            step,
            bot: bot,
            symbol: symbol,
            clientOrderID: clientOrderID,
            locations: locations,
            file: file,
            log: log
        )
        if lanes.count > 1 {
            let compareAllowed = try lanes[1].replay(
                step,
                bot: bot,
                symbol: symbol,
                clientOrderID: clientOrderID,
                locations: locations,
                file: file,
                log: nil
            )
            if compareAllowed != allowed {
                changed.append(
                    ChangedOrder(
                        index: step.index,
                        time: record.time,
                        bot: bot,
                        symbol: symbol,
                        side: record.side,
                        allowed: allowed,
                        compareAllowed: compareAllowed
                    )
                )
            }
        }
    }
}

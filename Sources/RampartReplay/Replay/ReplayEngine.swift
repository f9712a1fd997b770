import RampartRules

/// Replays fills in time order: books every fill in the baseline and sends each to every lane's gate.
struct ReplayEngine {
    /// A bot and a symbol: one position.
    private struct PositionKey: Hashable {
        var bot: String
        var symbol: String
    }

    /// A fill waiting for the rest of its equal-time group.
    private struct PendingFill {
        var fill: TradeFill
        var index: Int
    }

    let file: String
    let clock = ReplayClock()
    /// The baseline's profile: only its starting balance matters, `book` runs no rules.
    let baselineProfile: CompiledProfile
    private(set) var lanes: [ReplayLane]
    private var baseline = RiskState()
    private var positionIndex: [PositionKey: Int] = [:]
    private var positionBot: [Int] = []
    private var baseQuantity: [Int128] = []
    private var botIndex: [String: Int] = [:]
    private(set) var botNames: [String] = []
    private(set) var baselineTallies: [RecordTally] = []
    private(set) var baselineCurve = EquityCurve()
    private(set) var changed: [ChangedOrder] = []
    private var currencyCheck: CurrencyCheck
    private var group: [PendingFill] = []
    private var exits: [Int] = []
    var log: DecisionLog?

    /// The quote currency of the replay, once known.
    var currency: String? { currencyCheck.currency }

    /// An engine over `profiles` (the first is the main one, the second the compare profile).
    init(file: String, profiles: [CompiledProfile], currency: CurrencyCheck) {
        self.file = file
        // A replay gives each bot its own account, created on first use: the profile's declared accounts (which
        // the service enforces) do not apply to a trade file's bots.
        let profiles = profiles.map { $0.fundingAccountsOnFirstUse() }
        self.baselineProfile = profiles[0]
        self.currencyCheck = currency
        let clock = self.clock
        self.lanes = profiles.map { ReplayLane(profile: $0, clock: clock) }
    }

    /// Takes the next fill of the input; fills of equal time wait until the group is complete.
    mutating func consume(_ fill: TradeFill, index: Int) throws(DryRunError) {
        if let last = group.last, last.fill.time != fill.time { try flush() }
        group.append(PendingFill(fill: fill, index: index))
    }

    /// Replays what is still waiting; call once after the last fill.
    mutating func finish() throws(DryRunError) { try flush() }

    /// Replays the waiting group: exits (against the baseline position before the group) first, then entries,
    /// each in input order.
    private mutating func flush() throws(DryRunError) {
        defer { group.removeAll(keepingCapacity: true) }
        if group.count == 1 {
            let pending = group[0]
            try replay(pending.fill, index: pending.index, position: try position(for: pending.fill))
            return
        }
        exits.removeAll(keepingCapacity: true)
        var positions: [Int] = []
        positions.reserveCapacity(group.count)
        for (offset, pending) in group.enumerated() {
            let position = try position(for: pending.fill)
            positions.append(position)
            let held = baseQuantity[position]
            if held != 0 && (held > 0) != (pending.fill.side == .buy) { exits.append(offset) }
        }
        var isExit = [Bool](repeating: false, count: group.count)
        for offset in exits { isExit[offset] = true }
        for offset in exits { try replay(group[offset].fill, index: group[offset].index, position: positions[offset]) }
        for offset in group.indices where !isExit[offset] {
            try replay(group[offset].fill, index: group[offset].index, position: positions[offset])
        }
    }

    /// The position id of a fill's bot and symbol, creating it (and checking its currency) on first sight.
    private mutating func position(for fill: TradeFill) throws(DryRunError) -> Int {
        let key = PositionKey(bot: fill.bot, symbol: fill.symbol)
        if let index = positionIndex[key] { return index }
        try currencyCheck.check(fill, file: file)
        let bot: Int
        if let known = botIndex[fill.bot] {
            bot = known
        } else {
            bot = botNames.count
            botIndex[fill.bot] = bot
            botNames.append(fill.bot)
            baselineTallies.append(RecordTally(startingBalance: baselineProfile.startingBalance))
            for lane in lanes.indices { lanes[lane].addBot() }
        }
        let index = positionBot.count
        positionIndex[key] = index
        positionBot.append(bot)
        baseQuantity.append(0)
        for lane in lanes.indices { lanes[lane].addPosition() }
        return index
    }

    /// Books one fill in the baseline and replays it through every lane.
    private mutating func replay(_ fill: TradeFill, index: Int, position: Int) throws(DryRunError) {
        let bot = positionBot[position]
        let held = baseQuantity[position]
        let signed = fill.side == .buy ? fill.quantity.units : -fill.quantity.units
        let after = held + signed
        let isExit = held != 0 && (held > 0) != (signed > 0)
        if isExit && after != 0 && (after > 0) != (held > 0) {
            throw DryRunError(
                file: file,
                location: fill.location,
                message:
                    "the \(fill.side) of \(fill.quantity) \(fill.symbol) for bot '\(fill.bot)' crosses through flat "
                    + "(position \(FixedDecimal(units: held)) → \(FixedDecimal(units: after))); "
                    + "split it into an exit and an entry"
            )
        }
        clock.set(fill.time)
        do {
            let outcome = try baseline.book(
                Fill(quantity: fill.quantity, price: fill.price, fee: fill.fee),
                side: fill.side,
                mode: .paper,
                bot: fill.bot,
                account: fill.bot,
                symbol: fill.symbol,
                at: fill.time,
                profile: baselineProfile
            )
            try baselineTallies[bot].add(outcome, at: fill.time)
            baselineCurve.add(outcome.realizedPnL, at: fill.time)
        } catch {
            throw DryRunError(file: file, location: fill.location, message: "cannot book the fill: \(error)")
        }
        baseQuantity[position] = after
        let primary = try lanes[0].replay(fill, position: position, bot: bot, held: held, isExit: isExit, file: file)
        if after == 0 { lanes[0].closeTrip(at: position) }
        if lanes.count > 1 {
            let other = try lanes[1].replay(fill, position: position, bot: bot, held: held, isExit: isExit, file: file)
            if after == 0 { lanes[1].closeTrip(at: position) }
            if other.allowed != primary.allowed {
                changed.append(
                    ChangedOrder(
                        index: index,
                        time: fill.time,
                        bot: fill.bot,
                        symbol: fill.symbol,
                        side: fill.side,
                        allowed: primary.allowed,
                        compareAllowed: other.allowed
                    )
                )
            }
        }
        try log?.record(fill, index: index, outcome: primary)
    }
}

import RampartRules

/// One bot's orders under one profile.
struct LaneBotTally: Sendable {
    var summary = OrderSummary()
    var denials: [Int]
    var gated: RecordTally
    var firstFill: Timestamp?
    var lastFill: Timestamp?
}

/// The gated replay through one profile: its gate, the gated positions, and the tallies per bot.
struct ReplayLane {
    let profile: CompiledProfile
    let gate: Gate
    /// Signed gated quantity per position, in 1e-8 units, mirroring the gate's book.
    private(set) var gatedQuantity: [Int128] = []
    /// Per position: the current baseline round trip's entry was denied, so the rest of it is not sent.
    private var tripRemoved: [Bool] = []
    private(set) var bots: [LaneBotTally] = []
    private(set) var curve = EquityCurve()
    /// The order sent for each step: a paper limit order whose bot, account, symbol, side, quantity, prices and
    /// client order id are set per step (one value reused, instead of building and destroying one per step).
    private var order = Order(bot: "", symbol: "", side: .buy, type: .limit, quantity: .zero, mode: .paper)

    /// A lane over `profile`, whose gate reads time from `clock`.
    init(profile: CompiledProfile, clock: ReplayClock) {
        self.profile = profile
        self.gate = Gate(profile: profile, clock: clock.function)
    }

    /// Makes room for at least `bots` bots and `positions` positions.
    mutating func reserve(bots count: Int, positions: Int) {
        while gatedQuantity.count < positions {
            gatedQuantity.append(0)
            tripRemoved.append(false)
        }
        while bots.count < count {
            bots.append(
                LaneBotTally(
                    denials: Array(repeating: 0, count: profile.rules.count),
                    gated: RecordTally(startingBalance: profile.startingBalance)
                )
            )
        }
    }

    /// Sends the step's fill to the gate as a paper limit order (clipped for an exit), commits it when allowed,
    /// writes its line to `log` when given, and ends the position's round trip when the baseline's ended; returns
    /// whether the order was allowed.
    ///
    /// `bot` is the bot's name (also its account: a replay gives each bot its own), `clientOrderID` the bot's own
    /// order id when the file has one.
    mutating func replay(
        _ step: ReplayStep,
        bot botName: String,
        symbol: String,
        clientOrderID: String?,
        locations: FillLocations,
        file: String,
        log: DecisionLog?
    ) throws(DryRunError) -> Bool {
        let position = Int(step.position)
        if position >= tripRemoved.count || Int(step.bot) >= bots.count {
            reserve(bots: Int(step.bot) + 1, positions: position + 1)
        }
        defer { if step.closesTrip { tripRemoved[position] = false } }
        let bot = Int(step.bot)
        let fill = step.record
        let opensTrip = step.held == 0
        if opensTrip { tripRemoved[position] = false }
        bots[bot].summary.orders += 1
        var quantity = fill.quantity
        var fee = fill.fee
        if tripRemoved[position] { return try removed(step, bot: bot, botName, symbol, log: log) }
        if step.isExit {
            let gatedHeld = gatedQuantity[position]
            guard gatedHeld != 0, (gatedHeld > 0) == (step.held > 0) else {
                return try removed(step, bot: bot, botName, symbol, log: log)
            }
            let available = FixedDecimal(units: Int128(gatedHeld.magnitude))
            if available < quantity {
                do {
                    fee = try fee.multiplied(by: available, dividedBy: quantity)
                } catch {
                    throw DryRunError(
                        file: file,
                        location: locations.of(fill),
                        message: "cannot clip the exit's fee: \(error)"
                    )
                }
                quantity = available
            }
        }
        order.setStep(
            bot: botName,
            account: botName,
            symbol: symbol,
            side: fill.side,
            quantity: quantity,
            price: fill.price,
            referencePrice: fill.price,
            clientOrderID: clientOrderID
        )
        let (decision, permit) = gate.submit(order)
        guard let permit else {
            bots[bot].summary.denied += 1
            decision.forEachFindingIndex { rule, enforced in
                if enforced { bots[bot].denials[rule] += 1 }
            }
            if opensTrip { tripRemoved[position] = true }
            try log?.record(step, bot: botName, symbol: symbol, allowed: false, removed: false, decision: decision)
            return false
        }
        let outcome: FillOutcome
        do {
            outcome = try gate.commit(permit, fill: Fill(quantity: quantity, price: fill.price, fee: fee))
            try bots[bot].gated.add(outcome, at: fill.time)
        } catch {
            throw DryRunError(
                file: file,
                location: locations.of(fill),
                message: "cannot book the gated fill: \(error)"
            )
        }
        gatedQuantity[position] += fill.side == .buy ? quantity.units : -quantity.units
        curve.add(outcome.realizedPnL, at: fill.time)
        bots[bot].summary.allowed += 1
        if bots[bot].firstFill == nil { bots[bot].firstFill = fill.time }
        bots[bot].lastFill = fill.time
        try log?.record(step, bot: botName, symbol: symbol, allowed: true, removed: false, decision: decision)
        return true
    }

    private mutating func removed(
        _ step: ReplayStep,
        bot: Int,
        _ botName: String,
        _ symbol: String,
        log: DecisionLog?
    ) throws(DryRunError) -> Bool {
        bots[bot].summary.denied += 1
        bots[bot].summary.removed += 1
        try log?.record(step, bot: botName, symbol: symbol, allowed: false, removed: true, decision: nil)
        return false
    }
}

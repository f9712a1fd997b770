import RampartRules

/// What one profile did with one order.
struct LaneOutcome {
    /// Whether the order was allowed (and filled).
    var allowed: Bool
    /// Whether the order was never sent because its round trip was removed or nothing was left to close.
    var removed: Bool
    /// The gate's decision, when the order was sent.
    var decision: Decision?
}

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

    /// A lane over `profile`, whose gate reads time from `clock`.
    init(profile: CompiledProfile, clock: ReplayClock) {
        self.profile = profile
        self.gate = Gate(profile: profile, clock: clock.function)
    }

    /// Makes room for a new position.
    mutating func addPosition() {
        gatedQuantity.append(0)
        tripRemoved.append(false)
    }

    /// Makes room for a new bot.
    mutating func addBot() {
        bots.append(
            LaneBotTally(
                denials: Array(repeating: 0, count: profile.rules.count),
                gated: RecordTally(startingBalance: profile.startingBalance)
            )
        )
    }

    /// Sends `fill` to the gate as a paper limit order (clipped for an exit) and commits it when allowed.
    ///
    /// `held` is the baseline position before the fill; `isExit` says the fill reduces it.
    mutating func replay(
        _ fill: TradeFill,
        position: Int,
        bot: Int,
        held: Int128,
        isExit: Bool,
        file: String
    ) throws(DryRunError) -> LaneOutcome {
        let opensTrip = held == 0
        if opensTrip { tripRemoved[position] = false }
        bots[bot].summary.orders += 1
        var quantity = fill.quantity
        var fee = fill.fee
        if tripRemoved[position] { return removed(bot: bot) }
        if isExit {
            let gatedHeld = gatedQuantity[position]
            guard gatedHeld != 0, (gatedHeld > 0) == (held > 0) else { return removed(bot: bot) }
            let available = FixedDecimal(units: Int128(gatedHeld.magnitude))
            if available < quantity {
                do {
                    fee = try fee.multiplied(by: available, dividedBy: quantity)
                } catch {
                    throw DryRunError(
                        file: file,
                        location: fill.location,
                        message: "cannot clip the exit's fee: \(error)"
                    )
                }
                quantity = available
            }
        }
        let order = Order(
            bot: fill.bot,
            account: fill.bot,
            symbol: fill.symbol,
            side: fill.side,
            type: .limit,
            quantity: quantity,
            price: fill.price,
            referencePrice: fill.price,
            mode: .paper,
            clientOrderID: fill.clientOrderID
        )
        let (decision, permit) = gate.submit(order)
        guard let permit else {
            bots[bot].summary.denied += 1
            decision.forEachFinding { rule, enforced in
                if enforced { bots[bot].denials[rule.index] += 1 }
            }
            if opensTrip { tripRemoved[position] = true }
            return LaneOutcome(allowed: false, removed: false, decision: decision)
        }
        let outcome: FillOutcome
        do {
            outcome = try gate.commit(permit, fill: Fill(quantity: quantity, price: fill.price, fee: fee))
            try bots[bot].gated.add(outcome, at: fill.time)
        } catch {
            throw DryRunError(file: file, location: fill.location, message: "cannot book the gated fill: \(error)")
        }
        gatedQuantity[position] += fill.side == .buy ? quantity.units : -quantity.units
        curve.add(outcome.realizedPnL, at: fill.time)
        bots[bot].summary.allowed += 1
        if bots[bot].firstFill == nil { bots[bot].firstFill = fill.time }
        bots[bot].lastFill = fill.time
        return LaneOutcome(allowed: true, removed: false, decision: decision)
    }

    /// Ends the round trip at `position` in the baseline: the next entry starts a new one.
    mutating func closeTrip(at position: Int) { tripRemoved[position] = false }

    private mutating func removed(bot: Int) -> LaneOutcome {
        bots[bot].summary.denied += 1
        bots[bot].summary.removed += 1
        return LaneOutcome(allowed: false, removed: true, decision: nil)
    }
}

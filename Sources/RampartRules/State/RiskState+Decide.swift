extension RiskState {
    static let botNameProblem: StaticString = "bot must be 1-64 characters of A-Z a-z 0-9 . _ : -"
    static let accountNameProblem: StaticString = "account must be 1-64 characters of A-Z a-z 0-9 . _ : -"
    static let unknownAccount: StaticString =
        "unknown_account: the profile declares no such account (account: declares default, accounts: by name)"
    static let botLimit: StaticString = "bot_limit: the account already holds limits.max_bots bots"
    static let noQuote: StaticString =
        "no fresh market quote for this order (market_data.require), and no stale_price rule to report it"
    static let noReference: StaticString =
        "a market order needs a reference price: no fresh market quote is held and no reference_price was given"

    /// Evaluates `order` at `now`; when `reserve` is true, applies rule actions and reserves an allowed order (the
    /// permit's parts: `Gate.submit` adds the order).
    ///
    /// This is the whole decision: it runs inside the gate's one critical section.
    mutating func decide(
        _ order: Order,
        at now: Timestamp,
        profile: CompiledProfile,
        reserve: Bool,
        stopAtFirstDenial: Bool = false
    ) -> (decision: Decision, reserved: Permit.Reserved?) {
        adopt(profile)
        func invalid(
            _ actual: Measure,
            limit: Measure = .none,
            effect: OrderEffect? = nil
        ) -> (decision: Decision, reserved: Permit.Reserved?) {
            let findings = only(Finding(rule: profile.validityRule, enforced: true, actual: actual, limit: limit))
            return (
                Decision(
                    allowed: false,
                    symbol: order.symbol,
                    time: now,
                    effect: effect,
                    profile: profile,
                    findings: consume findings
                ), nil
            )
        }
        func invalid(_ problem: StaticString) -> (decision: Decision, reserved: Permit.Reserved?) {
            invalid(.text(problem))
        }
        if !order.isWellFormed, let problem = order.validityProblem { return invalid(problem) }
        let position: Int32
        if let known = knownPosition(of: order) {
            // The common case: one lookup resolves bot, symbol and account.
            position = known
            let knownAccount = positions[Int(known)].account
            if !accounts[Int(knownAccount)].funded || accounts[Int(knownAccount)].name != order.account {
                guard NameGrammar.admits(order.account) else { return invalid(Self.accountNameProblem) }
                guard profile.admitsAccount(order.account) else { return invalid(Self.unknownAccount) }
                guard self.account(named: order.account, profile: profile, now: now) == positions[Int(known)].account
                else {
                    return invalid("the bot already trades in another account")
                }
            }
        } else {
            // A new bot or account name becomes state: only names in the grammar do.
            guard NameGrammar.admits(order.bot) else { return invalid(Self.botNameProblem) }
            guard NameGrammar.admits(order.account) else { return invalid(Self.accountNameProblem) }
            guard profile.admitsAccount(order.account) else { return invalid(Self.unknownAccount) }
            guard let symbol = symbol(named: order.symbol) else { return invalid("symbol must be BASE/QUOTE") }
            let account = self.account(named: order.account, profile: profile, now: now)
            let knownBot = botIndex[order.bot]
            if knownBot.map({ bots[Int($0)].account < 0 }) ?? true,
                accounts[Int(account)].botCount >= profile.maxBotsPerAccount
            {
                return invalid(Self.botLimit)
            }
            let bot = self.bot(named: order.bot, account: account)
            if bots[Int(bot)].account < 0 {
                bots[Int(bot)].account = account
                accounts[Int(account)].botCount += 1
            }
            guard bots[Int(bot)].account == account else { return invalid("the bot already trades in another account") }
            position = self.position(bot: bot, symbol: symbol)
            rememberPosition(position, bot: order.bot, symbol: order.symbol)
        }
        let bot = positions[Int(position)].bot
        let symbol = positions[Int(position)].symbol
        let account = positions[Int(position)].account
        // A reload may have dropped the account from the profile: its known positions stop trading too.
        guard accounts[Int(account)].declared else { return invalid(Self.unknownAccount) }
        // A what-if works on a copy that shares storage with the real state: it must not write, or the copy
        // would duplicate the accounts array (a heap allocation). The checks read the day roll-over themselves.
        let day = now.utcDay
        if reserve { rollDay(account: account, day: day) }

        // The reference price (DESIGN §7): the gate's own quote when it is fresh; the caller's `reference_price`
        // only where no quote is required. A quote looked up by symbol id: no string hashing here.
        let needsQuote = profile.quoteRequirement.requiresQuote(order.mode)
        var quoteAge = Int64.max
        var reference: FixedDecimal? = needsQuote ? nil : order.referencePrice
        var source = PriceSource.caller
        if let quote = quotes[Int(symbol)] {
            quoteAge = quote.age(at: now)
            if quoteAge <= profile.quoteMaxAge.nanoseconds {
                reference = quote.price(for: order.side)
                source = .market
            }
        }
        if needsQuote && source != .market {
            // Fail closed: an order that needs a quote and has none is denied, by `stale_price` when the profile
            // has that rule, else as invalid.
            guard let staleRule = profile.stalePriceRule(for: order.mode) else { return invalid(.text(Self.noQuote)) }
            if order.type == .market {
                let age: Measure =
                    quoteAge == .max ? .text("no quote held") : .duration(TimeSpan(nanoseconds: quoteAge))
                let findings = only(
                    Finding(rule: staleRule, enforced: true, actual: age, limit: .duration(profile.quoteMaxAge))
                )
                return (
                    Decision(
                        allowed: false,
                        symbol: order.symbol,
                        time: now,
                        effect: nil,
                        profile: profile,
                        findings: consume findings
                    ),
                    nil
                )
            }
        }
        let price: FixedDecimal
        if order.type == .limit, let limit = order.price {
            price = limit
        } else if let reference {
            price = reference
        } else {
            return invalid(.text(Self.noReference))
        }
        if let problem = order.bracketProblem(entry: price) { return invalid(.text(problem)) }
        guard let notional = try? order.quantity.multiplied(by: price) else {
            return invalid("quantity × price is out of range")
        }
        if hasVenueRules[Int(symbol)], let rules = venueRules[Int(symbol)],
            let broken = rules.violation(
                quantity: order.quantity,
                limitPrice: order.type == .limit ? order.price : nil,
                notional: notional
            )
        {
            return invalid(.venueFilter(broken))
        }
        let program = self.program(for: position, profile: profile)
        let signed = order.side == .buy ? order.quantity.units : -order.quantity.units
        let facts = OrderFacts(
            bot: bot,
            account: account,
            symbol: symbol,
            position: position,
            signedQuantity: signed,
            quantity: order.quantity,
            price: price,
            notional: notional,
            effect: OrderEffect.of(
                order: signed,
                position: positions[Int(position)].quantity &+ positions[Int(position)].pendingQuantity
            ),
            now: now,
            day: day,
            modeBit: order.mode == .paper ? 1 : 2,
            referenceUnits: reference?.units ?? 0,
            priceSource: source,
            quoteAge: quoteAge,
            needsQuote: needsQuote
        )

        if order.reduceOnly && !facts.effect.isRiskReducing {
            return invalid("a reduce_only order must shrink the position; nothing is left to close")
        }
        if order.side == .sell && !accounts[Int(account)].allowsShort {
            // Spot: a sell may not exceed what the bot holds, less what its reserved sells already promise.
            let held = positions[Int(position)].quantity &- positions[Int(position)].pendingSells
            if order.quantity.units > held {
                let available = FixedDecimal(units: max(held, 0))
                return invalid(.shortSale(held: available), limit: .amount(available), effect: facts.effect)
            }
        }
        // The loop only records which steps are violated; measures are computed afterwards, for those steps only.
        let denied: Bool
        var findings = Findings()
        if !facts.effect.isRiskReducing && passesFused(program: program, order: order, facts: facts, profile: profile) {
            // No step is violated: the loop would find nothing. Debug builds (every test) run it to make sure.
            denied = false
            #if DEBUG
                var hits = StepHits()
                _ = run(program: program, order: order, facts: facts, stopAtFirstDenial: false, hits: &hits)
                precondition(hits.count == 0, "the fused checks passed an order that step \(hits[0]) violates")
                fusedPasses += 1
            #endif
        } else {
            var hits = StepHits()
            denied = run(
                program: program,
                order: order,
                facts: facts,
                stopAtFirstDenial: stopAtFirstDenial,
                hits: &hits
            )
            if hits.count > 0 {
                findings = Findings(reusing: &spareFindings)
                for hit in 0..<hits.count {
                    let step = programSteps[hits[hit]]
                    let (actual, limit) = measures(of: step.op, order: order, facts: facts)
                    findings.append(Finding(rule: step.rule, enforced: step.enforced, actual: actual, limit: limit))
                }
                spareFindings = findings.list
            }
        }
        var reserved: Permit.Reserved?
        if reserve {
            if denied { applyActions(of: findings, profile: profile, facts: facts) }
            if !denied { reserved = reservePermit(for: order, facts: facts, profile: profile) }
        }
        let decision = Decision(
            allowed: !denied,
            symbol: order.symbol,
            time: now,
            effect: facts.effect,
            profile: profile,
            findings: consume findings,
            priceSource: source,
            referencePrice: reference
        )
        return (decision, reserved)
    }

    /// `finding` as a decision's only finding, written into the spare findings storage when no decision holds it.
    private mutating func only(_ finding: Finding) -> Findings {
        var findings = Findings(reusing: &spareFindings)
        findings.append(finding)
        spareFindings = findings.list
        return findings
    }

    /// Whether `order` violates none of `program`'s steps for its mode, by the program's fused checks.
    ///
    /// A function of its own, as `run` is, so the checks inline into it.
    @inline(never)
    private mutating func passesFused(program: Int32, order: Order, facts: OrderFacts, profile: CompiledProfile) -> Bool
    {
        let index = 2 * Int(program) + Int(facts.modeBit) - 1
        guard index < fusedSlots.count else { return false }
        let slot = Int(fusedSlots[index])
        if slot < 0 { return fuseOnSecondDecision(index, program: program, modeBit: facts.modeBit, profile: profile) }
        let fused = fusedChecks
        return fused.withUnsafeBufferPointer { fused in
            guard slot < fused.count, let base = fused.baseAddress else { return false }
            return passes(base + slot, order: order, facts: facts)
        }
    }

    /// A program not fused for the mode yet: its first decision only marks it, its second fuses it; false: the loop
    /// runs.
    @inline(never)
    private mutating func fuseOnSecondDecision(
        _ index: Int,
        program: Int32,
        modeBit: UInt8,
        profile: CompiledProfile
    ) -> Bool {
        guard fusedSlots[index] == Self.decidedOnce else {
            fusedSlots[index] = Self.decidedOnce
            return false
        }
        fusedSlots[index] = Int32(fusedChecks.count)
        fusedChecks.append(
            FusedChecks(
                steps: programSteps[programRanges[Int(program)]],
                modeBit: modeBit,
                needsQuote: profile.quoteRequirement.requiresQuote(modeBit == 1 ? .paper : .live),
                residualSteps: &residualSteps
            )
        )
        return false
    }

    /// `fusedSlots` entries: the program has not decided in the mode, or has decided once.
    static let notDecided: Int32 = -1
    static let decidedOnce: Int32 = -2

    /// Runs a program's steps and records the violated ones in `hits`; true when an enforced one is violated.
    ///
    /// A function of its own so the compiler inlines every check into this one loop (inside `decide` it would not).
    @inline(never)
    private mutating func run(
        program: Int32,
        order: Order,
        facts: OrderFacts,
        stopAtFirstDenial: Bool,
        hits: inout StepHits
    ) -> Bool {
        var denied = false
        let range = programRanges[Int(program)]
        // The steps through a pointer, without a bounds check per step (`range` was cut from this array), and by
        // `stride`, whose iterator checks only the end (a `Range`'s checks both bounds). A local reference to the
        // array, as `violates` needs `self` inout meanwhile: one retain and release per decision.
        let steps = programSteps
        steps.withUnsafeBufferPointer { steps in
            for index in stride(from: range.lowerBound, to: range.upperBound, by: 1) {
                let step = steps[index]
                if step.modes & facts.modeBit == 0 { continue }
                if step.exemptsRiskReducing && facts.effect.isRiskReducing { continue }
                guard violates(step.op, order: order, facts: facts) else { continue }
                hits.append(index)
                if step.enforced {
                    denied = true
                    if stopAtFirstDenial { break }
                }
            }
        }
        return denied
    }

    /// Puts bots and accounts into the trading states their violated rules ask for.
    private mutating func applyActions(of findings: Findings, profile: CompiledProfile, facts: OrderFacts) {
        for index in 0..<findings.count where findings[index].enforced {
            // Read the rule's fields in place: a copy of the whole `CompiledRule` retains and releases its strings,
            // and most denials (`deny` rules) need only the action.
            let ruleIndex = Int(findings[index].rule)
            let action = profile.rules[ruleIndex].action
            if action == .deny || action == .warn { continue }
            let rule = profile.rules[ruleIndex]
            // A daily-loss trip lasts until the next UTC day; every other trip until an operator resumes.
            let until: Timestamp? = rule.check == .maxDailyLoss ? facts.now.nextUTCMidnight : nil
            let entry: TradingStateEntry
            switch action {
            case .deny, .warn: continue
            case .reduceOnlyBot, .haltBot:
                entry = TradingStateEntry(
                    state: action == .haltBot ? .halted : .reducing,
                    until: until,
                    reason: rule.id
                )
                bots[Int(facts.bot)].trading = Self.escalate(bots[Int(facts.bot)].trading, to: entry, now: facts.now)
            case .haltAccount:
                entry = TradingStateEntry(state: .halted, until: until, reason: rule.id)
                accounts[Int(facts.account)].trading = Self.escalate(
                    accounts[Int(facts.account)].trading,
                    to: entry,
                    now: facts.now
                )
            }
        }
    }

    /// The stricter of two entries; at equal severity the one that lasts longer.
    static func escalate(_ current: TradingStateEntry, to new: TradingStateEntry, now: Timestamp) -> TradingStateEntry {
        let currentState = current.state(at: now)
        if new.state > currentState { return new }
        if new.state < currentState { return current }
        guard let currentUntil = current.until else { return current }
        guard let newUntil = new.until else { return new }
        return newUntil > currentUntil ? new : current
    }

    /// Records an allowed order: pending quantity, exposure, open-trade slot, rate windows, duplicate memory.
    private mutating func reservePermit(
        for order: Order,
        facts: OrderFacts,
        profile: CompiledProfile
    ) -> Permit.Reserved {
        let exposure = facts.effect.isRiskReducing ? FixedDecimal.zero : facts.notional
        let (slot, generation) = holdReservation(
            position: facts.position,
            account: facts.account,
            bot: facts.bot,
            signedQuantity: facts.signedQuantity,
            exposure: exposure,
            opensPosition: facts.effect == .opening,
            recordAt: facts.now.nanoseconds,
            startsTrade: facts.effect.startsTrade
        )
        if let id = order.clientOrderID { clientOrderIDs.insert(id) }
        recentOrders[Int(facts.position)].remember(
            RecentOrder(
                side: order.side,
                quantity: order.quantity.units,
                price: facts.price.units,
                time: facts.now.nanoseconds
            )
        )
        return Permit.Reserved(
            time: facts.now,
            effect: facts.effect,
            referenceUnits: facts.referenceUnits,
            priceSource: facts.priceSource,
            slot: slot,
            generation: generation
        )
    }

    /// Takes a reservation slot and adds the order's pending quantity, exposure and open-trade slot; with `recordAt`,
    /// also the order's time in the bot's rate windows (its entry time when it opens or adds to a position).
    ///
    /// Each array is written through one access (`update`): one uniqueness and one bounds check per array, where a
    /// write per field would pay them per field.
    mutating func holdReservation(
        position: Int32,
        account: Int32,
        bot: Int32,
        signedQuantity: Int128,
        exposure: FixedDecimal,
        opensPosition: Bool,
        recordAt time: Int64? = nil,
        startsTrade: Bool = false
    ) -> (slot: Int32, generation: UInt32) {
        func held(_ generation: UInt32) -> Reservation {
            Reservation(
                position: position,
                signedQuantity: signedQuantity,
                exposure: exposure,
                opensPosition: opensPosition,
                generation: generation,
                active: true
            )
        }
        let slot: Int32
        let generation: UInt32
        if freeReservation >= 0 {
            slot = freeReservation
            let next: Int32
            (generation, next) = Self.update(&reservations[Int(slot)]) { reservation in
                let next = reservation.nextFree
                reservation = held(reservation.generation &+ 1)
                return (reservation.generation, next)
            }
            freeReservation = next
        } else {
            slot = Int32(reservations.count)
            generation = 1
            reservations.append(held(generation))
        }
        Self.update(&positions[Int(position)]) { position in
            position.pendingQuantity &+= signedQuantity
            if signedQuantity < 0 { position.pendingSells &-= signedQuantity }
        }
        Self.update(&accounts[Int(account)]) { account in
            account.pendingExposure = (try? account.pendingExposure.adding(exposure)) ?? .max
        }
        if opensPosition || time != nil {
            Self.update(&bots[Int(bot)]) { bot in
                if opensPosition { bot.pendingOpens += 1 }
                if let time {
                    bot.orderTimes.record(time)
                    if startsTrade { bot.entryTimes.record(time) }
                }
            }
        }
        return (slot, generation)
    }

    /// Runs `body` on `value` in place: `update(&array[index]) { … }` is one access to the element.
    @inline(__always)
    static func update<Value, Result>(_ value: inout Value, _ body: (inout Value) -> Result) -> Result {
        body(&value)
    }
}

/// Indices of the violated steps of one decision, stored inline (a decision rarely violates more than a few).
struct StepHits {
    private var inline: (Int, Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0, 0)
    /// Nil until a ninth hit: an empty array would still be retained and released with every decision.
    private var spill: [Int]?
    private(set) var count = 0

    mutating func append(_ index: Int) {
        switch count {
        case 0: inline.0 = index
        case 1: inline.1 = index
        case 2: inline.2 = index
        case 3: inline.3 = index
        case 4: inline.4 = index
        case 5: inline.5 = index
        case 6: inline.6 = index
        case 7: inline.7 = index
        default: if spill == nil { spill = [index] } else { spill!.append(index) }
        }
        count += 1
    }

    subscript(position: Int) -> Int {
        switch position {
        case 0: inline.0
        case 1: inline.1
        case 2: inline.2
        case 3: inline.3
        case 4: inline.4
        case 5: inline.5
        case 6: inline.6
        case 7: inline.7
        default: spill![position - 8]  // past the eighth only once `append` made the array
        }
    }

}

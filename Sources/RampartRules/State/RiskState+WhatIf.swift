/// What a what-if reads of the state when it cannot decide on the state in place (see `RiskState.whatIfParts`):
/// the order's account and bot (with the bot's own account when that is another), its symbol, its position, the
/// global trading state and whether its client order id was seen. Plain values, gathered under the gate's lock
/// without allocating; the small state is built from them outside it (`RiskState(whatIf:)`). Only the bot's two rate
/// rings stay shared with the gate's state meanwhile: an order of that bot decided then copies those two rings (at
/// most the profile's largest rate count of events each), nothing else.
struct WhatIfParts: Sendable {
    var global: TradingStateEntry
    var profileIdentity: ObjectIdentifier?
    var ringCapacities: (order: Int, entry: Int)
    var spans: (order: Int64, entry: Int64)
    var orderAccount: AccountState?
    var bot: BotState?
    var botAccount: AccountState?
    var symbol: (name: String, quote: Quote?, rules: SymbolRules?, known: Bool)
    var position: (state: PositionState, account: AccountState?, recent: RecentOrders)?
    var seenClientOrderID: String?
}

extension RiskState {
    /// Nil when `order` resolves to a known position whose program is built under `profile`, so a what-if decides on
    /// this state in place and writes nothing; else what a small state of its own needs (`RiskState(whatIf:)`), where
    /// the what-if may create the bot, account, symbol, position or program it meets.
    ///
    /// A what-if on a copy of the whole state that creates a bot or a position would copy every array of it (copy on
    /// write): with 5,000 positions a check for a new bot cost ~185 µs where it now costs ~5; the decision is the
    /// same either way (`RiskStateWhatIfTests` compares both).
    func whatIfParts(for order: Order, profile: CompiledProfile) -> WhatIfParts? {
        if profileIdentity == ObjectIdentifier(profile),
            let known = knownPosition(of: order),
            positions[Int(known)].program >= 0
        {
            let account = Int(positions[Int(known)].account)
            if accounts[account].funded && accounts[account].name == order.account { return nil }
        }
        let botID = botIndex[order.bot]
        let symbolID = symbolIndex[order.symbol]
        var parts = WhatIfParts(
            global: global,
            profileIdentity: profileIdentity,
            ringCapacities: (orderRingCapacity, entryRingCapacity),
            spans: (orderSpan, entrySpan),
            orderAccount: accountIndex[order.account].map { accounts[Int($0)] },
            bot: botID.map { bots[Int($0)] },
            botAccount: nil,
            symbol: (order.symbol, nil, venueRuleBook[order.symbol], false),
            position: nil,
            seenClientOrderID: order.clientOrderID.flatMap { clientOrderIDs.contains($0) ? $0 : nil }
        )
        if let bot = parts.bot, bot.account >= 0 { parts.botAccount = accounts[Int(bot.account)] }
        if let symbolID {
            parts.symbol = (order.symbol, quotes[Int(symbolID)], venueRules[Int(symbolID)], true)
        }
        if let botID, let symbolID, let position = positionIndex[Self.positionKey(bot: botID, symbol: symbolID)] {
            let state = positions[Int(position)]
            parts.position = (
                state, state.account >= 0 ? accounts[Int(state.account)] : nil, recentOrders[Int(position)]
            )
        }
        return parts
    }

    /// A small state holding only `parts`, renumbered from 0, for a what-if to decide on (see `whatIfParts`).
    init(whatIf parts: WhatIfParts, profile: CompiledProfile) {
        self.init()
        hold(parts, profile: profile)
    }

    /// Fills this empty state (new, or emptied by `empty()`) with `parts` only, renumbered from 0, for a what-if to
    /// decide on.
    mutating func hold(_ parts: WhatIfParts, profile: CompiledProfile) {
        global = parts.global
        profileIdentity = parts.profileIdentity
        (orderRingCapacity, entryRingCapacity) = parts.ringCapacities
        (orderSpan, entrySpan) = parts.spans
        if let id = parts.seenClientOrderID { clientOrderIDs.insert(id) }
        if let account = parts.orderAccount { _ = include(account) }
        if var bot = parts.bot {
            if let account = parts.botAccount { bot.account = include(account) }
            bots.append(bot)
            botIndex[bot.name] = 0
        }
        if parts.symbol.known {
            symbolNames.append(parts.symbol.name)
            symbolIndex[parts.symbol.name] = 0
            quotes.append(parts.symbol.quote)
            venueRules.append(parts.symbol.rules)
            hasVenueRules.append(parts.symbol.rules != nil)
        } else if let rules = parts.symbol.rules {
            venueRuleBook[parts.symbol.name] = rules
        }
        if let (position, account, recent) = parts.position {
            positions.append(position.renumbered(bot: 0, symbol: 0, account: account.map { include($0) } ?? -1))
            recentOrders.append(recent)
            positionIndex[Self.positionKey(bot: 0, symbol: 0)] = 0
            rememberPosition(0, bot: bots[0].name, symbol: parts.symbol.name)
        }
        // Adopt a profile the whole state has not adopted yet here, without reserving the bot index a whole book
        // needs (this state holds one bot at most).
        if profileIdentity != ObjectIdentifier(profile) { adopt(profile, reservingBots: false) }
    }

    /// Empties this state as `init()` makes it, keeping the storage its arrays, sets and dictionaries had: a what-if's
    /// small state is emptied and used again (`Gate.check`), where building and freeing its containers cost two
    /// thirds of a check for a bot the gate has never seen. `RiskStateWhatIfTests` compares every field with a new
    /// state's.
    mutating func empty() {
        bots.removeAll(keepingCapacity: true)
        botIndex.removeAll(keepingCapacity: true)
        symbolNames.removeAll(keepingCapacity: true)
        symbolIndex.removeAll(keepingCapacity: true)
        quotes.removeAll(keepingCapacity: true)
        venueRules.removeAll(keepingCapacity: true)
        hasVenueRules.removeAll(keepingCapacity: true)
        venueRuleBook.removeAll(keepingCapacity: true)
        accounts.removeAll(keepingCapacity: true)
        accountIndex.removeAll(keepingCapacity: true)
        positions.removeAll(keepingCapacity: true)
        recentOrders.removeAll(keepingCapacity: true)
        positionIndex.removeAll(keepingCapacity: true)
        global = .active
        clientOrderIDs.removeAll(keepingCapacity: true)
        programSteps.removeAll(keepingCapacity: true)
        programRanges.removeAll(keepingCapacity: true)
        fusedSlots.removeAll(keepingCapacity: true)
        fusedChecks.removeAll(keepingCapacity: true)
        residualSteps.removeAll(keepingCapacity: true)
        positionByName.removeAll()
        programKeys.removeAll(keepingCapacity: true)
        reservations.removeAll(keepingCapacity: true)
        freeReservation = -1
        profileIdentity = nil
        spareFindings = nil
        #if DEBUG
            fusedPasses = 0
        #endif
        orderRingCapacity = 1
        entryRingCapacity = 1
        orderSpan = 0
        entrySpan = 0
    }

    /// The what-if's decision on a small state built from `parts`: it reserves nothing and changes nothing else.
    static func decide(
        _ order: Order,
        on parts: WhatIfParts,
        at now: Timestamp,
        profile: CompiledProfile,
        stopAtFirstDenial: Bool = false
    ) -> Decision {
        var scoped = RiskState(whatIf: parts, profile: profile)
        return scoped.decide(order, at: now, profile: profile, reserve: false, stopAtFirstDenial: stopAtFirstDenial).0
    }

    /// The id of `account` in this (small) state, adding it the first time.
    private mutating func include(_ account: AccountState) -> Int32 {
        if let index = accountIndex[account.name] { return index }
        let index = Int32(accounts.count)
        accounts.append(account)
        accountIndex[account.name] = index
        return index
    }
}

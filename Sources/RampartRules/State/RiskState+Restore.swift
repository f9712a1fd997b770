extension RiskState {
    /// The trading-state entry of a scope as stored (expired or not); ACTIVE for a scope never seen.
    public func tradingStateEntry(of scope: TradingScope) -> TradingStateEntry {
        switch scope {
        case .global: global
        case .account(let name): accountIndex[name].map { accounts[Int($0)].trading } ?? .active
        case .bot(let name): botIndex[name].map { bots[Int($0)].trading } ?? .active
        }
    }

    /// Puts back a scope's journaled trading-state entry exactly, expiry and reason included (journal recovery).
    public mutating func restoreTradingState(
        _ entry: TradingStateEntry,
        for scope: TradingScope,
        at now: Timestamp,
        profile: CompiledProfile
    ) {
        adopt(profile)
        switch scope {
        case .global:
            global = entry
        case .account(let name):
            let index = account(named: name, profile: profile, now: now)
            accounts[Int(index)].trading = entry
        case .bot(let name):
            let index = botIndex[name] ?? bot(named: name, account: -1)
            bots[Int(index)].trading = entry
        }
    }

    /// Puts back what an allowed order left in memory, without a reservation (journal recovery): its rate-window
    /// events and its duplicate-order memory. Call in journal order. Its client order id is not remembered: the
    /// journal answers for ids of orders before a start (`DurableGate` looks them up there).
    public mutating func restoreAllowedOrder(
        _ order: Order,
        effect: OrderEffect,
        at time: Timestamp,
        profile: CompiledProfile
    )
        throws(GateError)
    {
        let index = try restoredPosition(of: order, at: time, profile: profile)
        let bot = Int(positions[Int(index)].bot)
        bots[bot].orderTimes.record(time.nanoseconds)
        if effect.startsTrade { bots[bot].entryTimes.record(time.nanoseconds) }
        let price = order.valuationPrice ?? .zero
        recentOrders[Int(index)].remember(
            RecentOrder(side: order.side, quantity: order.quantity.units, price: price.units, time: time.nanoseconds)
        )
    }

    /// Reserves room again for an allowed order whose outcome is not yet known (journal recovery of a live order
    /// that was in flight when the process stopped), without any check; call after `restoreAllowedOrder`.
    ///
    /// The permit carries the order's original decision time, so the client order id derived from it
    /// (`ClientOrderID.of`) is the one the order was placed under.
    public mutating func restoreReservation(
        of order: Order,
        effect: OrderEffect,
        decidedAt time: Timestamp,
        profile: CompiledProfile,
        reference: FixedDecimal? = nil,
        priceSource: PriceSource = .caller
    ) throws(GateError) -> Permit {
        let index = try restoredPosition(of: order, at: time, profile: profile)
        let position = positions[Int(index)]
        guard let notional = try? order.quantity.multiplied(by: order.valuationPrice ?? .zero) else {
            throw .invalidFill("quantity × price is out of range")
        }
        let exposure = effect.isRiskReducing ? FixedDecimal.zero : notional
        let signed = order.side == .buy ? order.quantity.units : -order.quantity.units
        let (slot, generation) = holdReservation(
            position: index,
            account: position.account,
            bot: position.bot,
            signedQuantity: signed,
            exposure: exposure,
            opensPosition: effect == .opening
        )
        return Permit(
            order: order,
            time: time,
            effect: effect,
            reference: reference ?? order.referencePrice,
            priceSource: priceSource,
            slot: slot,
            generation: generation
        )
    }

    /// Takes what a bot-executed order's journaled fills already booked out of its restored reservation.
    public mutating func shrinkRestoredReservation(_ permit: Permit, by filled: FixedDecimal) throws(GateError) {
        let held = try reservedQuantity(of: permit)
        guard filled.isPositive, filled < held else { throw .exceedsReservation(remaining: held) }
        shrinkReservation(slot: permit.slot, by: filled)
    }

    /// The position slot of a journaled order's bot and symbol, created as the live path would.
    private mutating func restoredPosition(
        of order: Order,
        at time: Timestamp,
        profile: CompiledProfile
    ) throws(GateError)
        -> Int32
    {
        adopt(profile)
        if let known = knownPosition(of: order) { return known }
        guard let symbol = symbol(named: order.symbol) else { throw .invalidFill("symbol must be BASE/QUOTE") }
        let account = self.account(named: order.account, profile: profile, now: time)
        let bot = self.bot(named: order.bot, account: account)
        if bots[Int(bot)].account < 0 {
            bots[Int(bot)].account = account
            accounts[Int(account)].botCount += 1
        }
        guard bots[Int(bot)].account == account else { throw .invalidFill("the bot already trades in another account") }
        let index = position(bot: bot, symbol: symbol)
        rememberPosition(index, bot: order.bot, symbol: order.symbol)
        return index
    }

    /// The signed quantity reserved by permits not yet committed or released, for a bot's position in a symbol.
    public func pendingQuantity(bot: String, symbol: String) -> FixedDecimal {
        guard let index = knownPosition(bot: bot, symbol: symbol) else { return .zero }
        return FixedDecimal(units: positions[Int(index)].pendingQuantity)
    }

    /// Every bot-and-symbol pair the state knows, for reports and recovery checks.
    public var positionKeys: [(bot: String, symbol: String)] {
        positions.map { (bots[Int($0.bot)].name, symbolNames[Int($0.symbol)]) }
            .sorted { ($0.0, $0.1) < ($1.0, $1.1) }
    }

    /// Every account the state knows.
    public var accountNames: [String] { accounts.map(\.name) }
}

extension RiskState {
    /// Remembers client order ids that journaled orders used, so a repeated id is a duplicate (the durable gate
    /// remembers an id it found in the journal before deciding on an order that reuses it).
    public mutating func restoreClientOrderIDs(_ ids: some Sequence<String>) {
        clientOrderIDs.formUnion(ids)
    }

    /// Forgets client order ids the journal answers for (journaled and covered by a state snapshot), so the set
    /// holds only ids decided since the last snapshot and ids looked up since.
    public mutating func forgetClientOrderIDs(_ ids: some Sequence<String>) {
        for id in ids { clientOrderIDs.remove(id) }
    }

    /// How many client order ids the state remembers (for memory bounds and tests).
    public var rememberedClientOrderIDs: Int { clientOrderIDs.count }
}

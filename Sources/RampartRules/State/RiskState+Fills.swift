extension RiskState {
    /// The active reservation behind `permit`, or an error when it was already settled.
    @inline(__always) func reservation(for permit: Permit) throws(GateError) -> Reservation {
        guard permit.slot >= 0, Int(permit.slot) < reservations.count else { throw .unknownPermit }
        let reservation = reservations[Int(permit.slot)]
        guard reservation.active, reservation.generation == permit.generation else { throw .unknownPermit }
        return reservation
    }

    /// Gives back a permit's reserved room without a fill.
    mutating func release(_ permit: Permit) throws(GateError) {
        let reservation = try reservation(for: permit)
        settle(permit, reservation)
    }

    /// Gives back what `holdReservation` added and frees the slot (one access per array, as there).
    private mutating func settle(_ permit: Permit, _ reservation: Reservation) {
        let (account, bot) = Self.update(&positions[Int(reservation.position)]) { position in
            position.pendingQuantity &-= reservation.signedQuantity
            if reservation.signedQuantity < 0 { position.pendingSells &+= reservation.signedQuantity }
            return (Int(position.account), Int(position.bot))
        }
        Self.update(&accounts[account]) { account in
            account.pendingExposure = (try? account.pendingExposure.subtracting(reservation.exposure)) ?? .zero
        }
        if reservation.opensPosition { bots[bot].pendingOpens -= 1 }
        let next = freeReservation
        Self.update(&reservations[Int(permit.slot)]) { slot in
            slot.active = false
            slot.nextFree = next
        }
        freeReservation = permit.slot
    }

    /// Applies a fill of a permitted order: position, cost, realized P&L, equity peak, streaks; releases the rest.
    ///
    /// Either everything changes or nothing does.
    mutating func commit(_ permit: Permit, fill: Fill, at now: Timestamp) throws(GateError) -> FillOutcome {
        let reservation = try reservation(for: permit)
        guard fill.quantity <= permit.order.quantity else {
            throw .invalidFill("filled \(fill.quantity) exceeds the permitted \(permit.order.quantity)")
        }
        let outcome = try apply(fill, of: permit, reservation: reservation, at: now)
        settle(permit, reservation)
        return outcome
    }

    /// Books one fill of a bot-executed order and keeps the rest of its reservation held; returns what the fill
    /// changed and the quantity still reserved (zero: the reservation is settled).
    ///
    /// A fill above what is still reserved is refused (`exceedsReservation`); either everything changes or nothing.
    mutating func commitPart(
        _ permit: Permit,
        fill: Fill,
        at now: Timestamp
    ) throws(GateError) -> (outcome: FillOutcome, remaining: FixedDecimal) {
        let reservation = try reservation(for: permit)
        let remaining = FixedDecimal(units: abs(reservation.signedQuantity))
        guard fill.quantity <= remaining else { throw .exceedsReservation(remaining: remaining) }
        let outcome = try apply(fill, of: permit, reservation: reservation, at: now)
        guard fill.quantity < remaining else {
            settle(permit, reservation)
            return (outcome, .zero)
        }
        shrinkReservation(slot: permit.slot, by: fill.quantity)
        return (outcome, FixedDecimal(units: remaining.units - fill.quantity.units))
    }

    /// The quantity `permit`'s reservation still holds.
    func reservedQuantity(of permit: Permit) throws(GateError) -> FixedDecimal {
        FixedDecimal(units: abs(try reservation(for: permit).signedQuantity))
    }

    /// Takes `quantity` (filled) out of a held reservation: its pending quantity, a proportional share of its
    /// exposure, and its pending open once the position is open. `quantity` is below what the reservation holds.
    mutating func shrinkReservation(slot: Int32, by quantity: FixedDecimal) {
        var reservation = reservations[Int(slot)]
        let held = FixedDecimal(units: abs(reservation.signedQuantity))
        let signedPart = reservation.signedQuantity < 0 ? -quantity.units : quantity.units
        let position = Int(reservation.position)
        positions[position].pendingQuantity &-= signedPart
        if signedPart < 0 { positions[position].pendingSells &+= signedPart }
        let share = (try? reservation.exposure.multiplied(by: quantity, dividedBy: held)) ?? reservation.exposure
        let account = Int(positions[position].account)
        accounts[account].pendingExposure = (try? accounts[account].pendingExposure.subtracting(share)) ?? .zero
        reservation.exposure = (try? reservation.exposure.subtracting(share)) ?? .zero
        reservation.signedQuantity -= signedPart
        if reservation.opensPosition && positions[position].quantity != 0 {
            // The fill opened the position the reservation counted as pending.
            bots[Int(positions[position].bot)].pendingOpens -= 1
            reservation.opensPosition = false
        }
        reservations[Int(slot)] = reservation
    }

    /// What committing `fill` would do now, changing nothing: throws what `commit` (or, with `partial`,
    /// `commitPart`) would throw.
    func preview(_ permit: Permit, fill: Fill, partial: Bool, at now: Timestamp) throws(GateError) -> FillOutcome {
        let reservation = try reservation(for: permit)
        if partial {
            let remaining = FixedDecimal(units: abs(reservation.signedQuantity))
            guard fill.quantity <= remaining else { throw .exceedsReservation(remaining: remaining) }
        } else {
            guard fill.quantity <= permit.order.quantity else {
                throw .invalidFill("filled \(fill.quantity) exceeds the permitted \(permit.order.quantity)")
            }
        }
        return try booked(fill, of: permit, reservation: reservation, at: now).outcome
    }

    /// Books `fill` against `permit`'s position, account, bot and paper record; the reservation is left as it is.
    private mutating func apply(
        _ fill: Fill,
        of permit: Permit,
        reservation: Reservation,
        at now: Timestamp
    ) throws(GateError) -> FillOutcome {
        let result = try booked(fill, of: permit, reservation: reservation, at: now)
        let index = Int(reservation.position)
        positions[index] = result.position
        accounts[Int(result.position.account)] = result.account
        bots[Int(result.position.bot)].tally = result.bot
        bots[Int(result.position.bot)].paper = result.paper
        return result.outcome
    }

    /// The position, account, bot tally and paper record after `fill`, computed on copies (the day rolled over
    /// first, as `rollDay` would): nothing in the state changes.
    private func booked(
        _ fill: Fill,
        of permit: Permit,
        reservation: Reservation,
        at now: Timestamp
    ) throws(GateError) -> (
        outcome: FillOutcome, position: PositionState, account: AccountState, bot: BotTally, paper: PaperTally
    ) {
        guard fill.quantity.isPositive else { throw .invalidFill("quantity must be greater than zero") }
        guard fill.price.isPositive else { throw .invalidFill("price must be greater than zero") }
        guard !fill.fee.isNegative else { throw .invalidFill("fee must not be negative") }
        var position = positions[Int(reservation.position)]
        var account = accounts[Int(position.account)]
        let day = now.utcDay
        if day > account.day {
            account.day = day
            account.dailyRealizedPnL = .zero
            account.dayStartEquity = account.equity
        }
        var bot = bots[Int(position.bot)].tally
        var paper = bots[Int(position.bot)].paper
        let outcome: FillOutcome
        do {
            outcome = try Self.apply(
                fill,
                side: permit.order.side,
                symbol: permit.order.symbol,
                now: now,
                position: &position,
                account: &account,
                botName: permit.order.bot,
                bot: &bot
            )
            if permit.order.mode == .paper { try paper.count(outcome, priceSource: fill.priceSource, at: now) }
        } catch {
            throw .arithmetic(error)
        }
        return (outcome, position, account, bot, paper)
    }

    /// Books a fill that did not pass through this gate (replay baselines, journal recovery); `mode` is the mode
    /// of the order that filled (paper fills make the paper record promotion is judged on).
    ///
    /// Creates the bot, account and position as needed; either everything changes or nothing does.
    public mutating func book(
        _ fill: Fill,
        side: Side,
        mode: TradingMode,
        bot botName: String,
        account accountName: String,
        symbol symbolName: String,
        at now: Timestamp,
        profile: CompiledProfile
    ) throws(GateError) -> FillOutcome {
        guard fill.quantity.isPositive, fill.price.isPositive, !fill.fee.isNegative else {
            throw .invalidFill("quantity and price must be above zero, fee not negative")
        }
        adopt(profile)
        let index: Int
        if let known = knownPosition(bot: botName, symbol: symbolName),
            accounts[Int(positions[Int(known)].account)].name == accountName
        {
            index = Int(known)
        } else {
            guard let symbol = symbol(named: symbolName) else { throw .invalidFill("symbol must be BASE/QUOTE") }
            let account = self.account(named: accountName, profile: profile, now: now)
            let bot = self.bot(named: botName, account: account)
            if bots[Int(bot)].account < 0 { bots[Int(bot)].account = account }
            guard bots[Int(bot)].account == account else {
                throw .invalidFill("the bot already trades in another account")
            }
            index = Int(position(bot: bot, symbol: symbol))
            rememberPosition(Int32(index), bot: botName, symbol: symbolName)
        }
        let account = positions[index].account
        let bot = positions[index].bot
        rollDay(account: account, now: now)
        var position = positions[index]
        var accountState = accounts[Int(account)]
        var botState = bots[Int(bot)].tally
        var paper = bots[Int(bot)].paper
        let outcome: FillOutcome
        do {
            outcome = try Self.apply(
                fill,
                side: side,
                symbol: symbolName,
                now: now,
                position: &position,
                account: &accountState,
                botName: botName,
                bot: &botState
            )
            if mode == .paper { try paper.count(outcome, priceSource: fill.priceSource, at: now) }
        } catch {
            throw .arithmetic(error)
        }
        positions[index] = position
        accounts[Int(account)] = accountState
        bots[Int(bot)].tally = botState
        bots[Int(bot)].paper = paper
        return outcome
    }

    private static func apply(
        _ fill: Fill,
        side: Side,
        symbol: String,
        now: Timestamp,
        position: inout PositionState,
        account: inout AccountState,
        botName: String,
        bot: inout BotTally
    ) throws(ArithmeticError) -> FillOutcome {
        var remaining = fill.quantity
        var feeLeft = fill.fee
        var realized = FixedDecimal.zero
        var closed: ClosedTrade?
        let direction: Int128 = side == .buy ? 1 : -1
        if position.quantity != 0 && (position.quantity > 0) != (direction > 0) {
            // Reduce: release the matching share of the opening cash and cost, realize the difference.
            let held = FixedDecimal(units: position.quantity).magnitude
            let closing = min(remaining, held)
            let fee = closing == remaining ? feeLeft : try fill.fee.multiplied(by: closing, dividedBy: fill.quantity)
            let openCash = try position.openCash.multiplied(by: closing, dividedBy: held)
            let cost = try position.costNotional.multiplied(by: closing, dividedBy: held)
            let proceeds = try closing.multiplied(by: fill.price)
            let exitCash = try (side == .sell ? proceeds : proceeds.negated).subtracting(fee)
            let pnl = try openCash.adding(exitCash)
            position.openCash = try position.openCash.subtracting(openCash)
            position.costNotional = try position.costNotional.subtracting(cost)
            account.grossExposure = try account.grossExposure.subtracting(cost)
            position.quantity += direction * closing.units
            position.roundTripPnL = try position.roundTripPnL.adding(pnl)
            realized = pnl
            remaining = try remaining.subtracting(closing)
            feeLeft = try feeLeft.subtracting(fee)
            if position.quantity == 0 {
                // Rounding crumbs of the cost stay out of the exposure total.
                account.grossExposure = try account.grossExposure.subtracting(position.costNotional)
                position.costNotional = .zero
                position.openCash = .zero
                let trade = ClosedTrade(
                    bot: botName,
                    symbol: symbol,
                    pnl: position.roundTripPnL,
                    openedAt: position.openedAt ?? now,
                    closedAt: now
                )
                bot.openPositions -= 1
                bot.closedTrades += 1
                if trade.pnl.isPositive {
                    bot.wins += 1
                    bot.consecutiveLosses = 0
                } else if trade.pnl.isNegative {
                    bot.consecutiveLosses += 1
                    bot.lastLossTime = now.nanoseconds
                }
                position.roundTripPnL = .zero
                position.openedAt = nil
                closed = trade
            }
        }
        if remaining.isPositive {
            if position.quantity == 0 {
                bot.openPositions += 1
                position.openedAt = now
                position.roundTripPnL = .zero
            }
            let notional = try remaining.multiplied(by: fill.price)
            let cash = try (side == .buy ? notional.negated : notional).subtracting(feeLeft)
            position.openCash = try position.openCash.adding(cash)
            position.costNotional = try position.costNotional.adding(notional)
            account.grossExposure = try account.grossExposure.adding(notional)
            position.quantity += direction * remaining.units
        }
        account.realizedPnL = try account.realizedPnL.adding(realized)
        account.dailyRealizedPnL = try account.dailyRealizedPnL.adding(realized)
        let equity = try account.startingBalance.adding(account.realizedPnL)
        if equity > account.peakEquity { account.peakEquity = equity }
        bot.realizedPnL = try bot.realizedPnL.adding(realized)
        if bot.firstFillTime == nil { bot.firstFillTime = now }
        return FillOutcome(realizedPnL: realized, closedTrade: closed)
    }
}

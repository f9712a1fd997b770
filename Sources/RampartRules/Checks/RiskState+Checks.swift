extension RiskState {
    /// Whether the order violates one step's check: the hot path, no formatting, no allocation.
    ///
    /// `mutating` only so the (large) state is passed by reference instead of being copied for every step;
    /// it changes nothing. The checks it calls are `mutating` for the same reason: called from here without being
    /// inlined, a non-mutating one received a 256-byte copy of the state per step.
    @inline(__always)
    mutating func violates(_ op: Step.Op, order: borrowing Order, facts: borrowing OrderFacts) -> Bool {
        switch op {
        case .orderValidity: return false  // checked before any rule runs
        case .tradingFlag(let on): return !on
        case .liveFlag(let on):
            if on { return false }
            return facts.modeBit == 2
        case .liveEligibility:
            if facts.modeBit != 2 { return false }
            return !bots[Int(facts.bot)].promoted
        case .tradingState: return tradingStateViolates(facts)
        case .maxOrderQuantity(let limit): return facts.quantity > limit
        case .maxOrderNotional(let limit): return facts.notional > limit
        case .priceCollar(let percent): return priceCollarViolates(order, facts, percent)
        case .maxPositionNotional(let limit): return positionNotionalViolates(facts, limit)
        case .maxGrossExposure(let limit): return grossExposureViolates(facts, limit)
        case .maxOpenTrades(let limit): return openTradesViolates(facts, limit)
        case .maxDailyLoss(let percent): return dailyLossViolates(facts, percent)
        case .maxDrawdown(let percent): return drawdownViolates(facts, percent)
        case .lossStreak(let streak): return lossStreakViolates(facts, streak)
        case .symbols(let admitted): return !admitted
        case .orderRate(let rate):
            return bots[Int(facts.bot)].orderTimes.isFull(
                now: facts.now.nanoseconds,
                window: rate.window.nanoseconds,
                limit: rate.count
            )
        case .tradeRate(let rate):
            if !facts.effect.startsTrade { return false }
            return bots[Int(facts.bot)].entryTimes.isFull(
                now: facts.now.nanoseconds,
                window: rate.window.nanoseconds,
                limit: rate.count
            )
        case .duplicateOrder(let window): return duplicateViolates(order, facts, window)
        case .stalePrice(let age):
            if !facts.needsQuote { return false }
            return facts.quoteAge > age.nanoseconds
        case .referencePrice(let tolerance): return referencePriceViolates(order, facts, tolerance)
        case .unresolvedLimit: return true
        }
    }

    /// The observed value and the limit of a violated step, for the report (only called on violation).
    func measures(of op: Step.Op, order: Order, facts: OrderFacts) -> (actual: Measure, limit: Measure) {
        switch op {
        case .orderValidity: return (.none, .none)
        case .tradingFlag, .liveFlag: return (.flag(false), .flag(true))
        case .liveEligibility: return (.text("not promoted"), .text("promoted"))
        case .tradingState:
            let state = tradingState(bot: facts.bot, account: facts.account, now: facts.now)
            return state == .halted
                ? (.state(.halted), .state(.active)) : (.state(state), .text("risk-reducing orders only"))
        case .maxOrderQuantity(let limit): return (.amount(facts.quantity), .amount(limit))
        case .maxOrderNotional(let limit): return (.amount(facts.notional), .amount(limit))
        case .priceCollar(let percent): return priceCollarMeasures(order, facts, percent)
        case .maxPositionNotional(let limit): return positionNotionalMeasures(facts, limit)
        case .maxGrossExposure(let limit): return grossExposureMeasures(facts, limit)
        case .maxOpenTrades(let limit):
            return (.count(bots[Int(facts.bot)].openPositions + bots[Int(facts.bot)].pendingOpens), .count(limit))
        case .maxDailyLoss(let percent): return dailyLossMeasures(facts, percent)
        case .maxDrawdown(let percent): return drawdownMeasures(facts, percent)
        case .lossStreak(let streak): return (.count(bots[Int(facts.bot)].consecutiveLosses), .lossStreak(streak))
        case .symbols: return (.text("{symbol}"), .text("the profile's symbols list"))
        case .orderRate(let rate), .tradeRate(let rate): return (.count(rate.count), .rate(rate))
        case .duplicateOrder(let window): return duplicateMeasures(order, facts, window)
        case .stalePrice(let age):
            let actual: Measure =
                facts.quoteAge == .max ? .text("no quote held") : .duration(TimeSpan(nanoseconds: facts.quoteAge))
            return (actual, .duration(age))
        case .referencePrice(let tolerance): return referencePriceMeasures(order, facts, tolerance)
        case .unresolvedLimit: return (.text("limit could not be resolved"), .none)
        }
    }

    @inline(__always) mutating func tradingStateViolates(_ facts: borrowing OrderFacts) -> Bool {
        switch tradingState(bot: facts.bot, account: facts.account, now: facts.now) {
        case .active: false
        case .reducing: !facts.effect.isRiskReducing
        case .halted: true
        }
    }
}

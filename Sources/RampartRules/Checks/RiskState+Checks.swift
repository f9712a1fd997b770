extension RiskState {
    /// Runs one check; returns the observed value and the limit when the order violates it, nil when it passes.
    @inline(__always)
    func violation(of op: Step.Op, order: Order, facts: OrderFacts) -> (actual: Measure, limit: Measure)? {
        switch op {
        case .orderValidity: return nil  // checked before any rule runs
        case .tradingFlag(let on): return on ? nil : (.flag(false), .flag(true))
        case .liveFlag(let on): return facts.modeBit == 2 && !on ? (.flag(false), .flag(true)) : nil
        case .liveEligibility:
            return facts.modeBit == 2 && !bots[Int(facts.bot)].promoted ? (.text("not promoted"), .text("promoted")) : nil
        case .tradingState: return tradingStateViolation(facts)
        case .maxOrderQuantity(let limit): return facts.quantity > limit ? (.amount(facts.quantity), .amount(limit)) : nil
        case .maxOrderNotional(let limit): return facts.notional > limit ? (.amount(facts.notional), .amount(limit)) : nil
        case .priceCollar(let percent): return priceCollarViolation(order, facts, percent)
        case .maxPositionNotional(let limit): return positionNotionalViolation(facts, limit)
        case .maxGrossExposure(let limit): return grossExposureViolation(facts, limit)
        case .maxOpenTrades(let limit): return openTradesViolation(facts, limit)
        case .maxDailyLoss(let percent): return dailyLossViolation(facts, percent)
        case .maxDrawdown(let percent): return drawdownViolation(facts, percent)
        case .lossStreak(let streak): return lossStreakViolation(facts, streak)
        case .symbols(let admitted): return admitted ? nil : (.text("{symbol}"), .text("the profile's symbols list"))
        case .orderRate(let rate):
            let full = bots[Int(facts.bot)].orderTimes.isFull(
                now: facts.now.nanoseconds,
                window: rate.window.nanoseconds,
                limit: rate.count
            )
            return full ? (.count(rate.count), .rate(rate)) : nil
        case .tradeRate(let rate):
            guard facts.effect.startsTrade else { return nil }
            let full = bots[Int(facts.bot)].entryTimes.isFull(
                now: facts.now.nanoseconds,
                window: rate.window.nanoseconds,
                limit: rate.count
            )
            return full ? (.count(rate.count), .rate(rate)) : nil
        case .duplicateOrder(let window): return duplicateViolation(order, facts, window)
        case .unresolvedLimit: return (.text("limit could not be resolved"), .none)
        }
    }

    private func tradingStateViolation(_ facts: OrderFacts) -> (actual: Measure, limit: Measure)? {
        let state = tradingState(bot: facts.bot, account: facts.account, now: facts.now)
        switch state {
        case .active: return nil
        case .reducing: return facts.effect.isRiskReducing ? nil : (.state(.reducing), .text("risk-reducing orders only"))
        case .halted: return (.state(.halted), .state(.active))
        }
    }
}

/// One program's steps for one trading mode, fused: whether an order that is not risk-reducing violates none of them,
/// in straight-line code instead of the step loop's dispatch (issue 13: the loop's dispatch was a third of a decision).
///
/// Exact, never an approximation. A check whose verdict only grows stricter with its limit keeps the strictest limit
/// of all its steps: the smallest notional cap, the longest duplicate window, and so on. `max_daily_loss`, whose
/// direction turns with the sign of the day's starting equity, keeps both ends. Rates and loss streaks, which have two
/// numbers each, stay steps (`residual`). Prices must be positive for the limits to order this way, so an order judged
/// at any other price takes the loop. When the fused checks pass, no step is violated and the decision has no
/// findings; when they do not, the step loop runs and finds which steps. A program with a step that denies every order
/// has no fused checks (`usable` false).
///
/// Fused on a program's second decision in a mode (`RiskState.fusedSlots`): a what-if's small state, which decides
/// once, never pays for fusing.
struct FusedChecks: Sendable {
    /// False when a step denies every order of the mode (a switch turned off, a symbol not admitted): the loop runs.
    var usable = true
    var tradingState = false
    var liveEligibility = false
    var maxOrderQuantity: FixedDecimal?
    var maxOrderNotional: FixedDecimal?
    var priceCollar: Percent?
    var maxPositionNotional: FixedDecimal?
    /// `maxPositionNotional` × 10^8 in 1e-8 units, when that fits 128 bits (set once the steps are read).
    var positionNotionalScaled: Int128?
    var maxGrossExposure: FixedDecimal?
    var maxOpenTrades: Int?
    var dailyLossLowest: Percent?
    var dailyLossHighest: Percent?
    var maxDrawdown: Percent?
    var duplicateWindow: TimeSpan?
    var stalePriceAge: TimeSpan?
    var referenceTolerance: Percent?
    /// The rate and loss-streak steps of the mode, in `RiskState.residualSteps`.
    var residual: Range<Int> = 0..<0

    /// The fused form of `steps` for the mode `modeBit` (1 paper, 2 live); `needsQuote`: whether the profile asks
    /// this mode's orders for a fresh quote. The rate and loss-streak steps are appended to `residualSteps`.
    init(steps: some Sequence<Step>, modeBit: UInt8, needsQuote: Bool, residualSteps: inout Program) {
        let start = residualSteps.count
        defer { residual = start..<residualSteps.count }
        for step in steps where step.modes & modeBit != 0 {
            switch step.op {
            case .orderValidity: continue
            case .tradingFlag(let on): if !on { usable = false }
            case .liveFlag(let on): if !on && modeBit == 2 { usable = false }
            case .liveEligibility: if modeBit == 2 { liveEligibility = true }
            case .tradingState: tradingState = true
            case .symbols(let admitted): if !admitted { usable = false }
            case .unresolvedLimit: usable = false
            case .maxOrderQuantity(let limit): maxOrderQuantity = Self.smaller(maxOrderQuantity, limit)
            case .maxOrderNotional(let limit): maxOrderNotional = Self.smaller(maxOrderNotional, limit)
            case .priceCollar(let percent): priceCollar = Self.smaller(priceCollar, percent)
            case .maxPositionNotional(let limit): maxPositionNotional = Self.smaller(maxPositionNotional, limit)
            case .maxGrossExposure(let limit): maxGrossExposure = Self.smaller(maxGrossExposure, limit)
            case .maxOpenTrades(let limit): maxOpenTrades = Self.smaller(maxOpenTrades, limit)
            case .maxDailyLoss(let percent):
                dailyLossLowest = Self.smaller(dailyLossLowest, percent)
                dailyLossHighest = dailyLossHighest.map { max($0, percent) } ?? percent
            case .maxDrawdown(let percent): maxDrawdown = Self.smaller(maxDrawdown, percent)
            case .duplicateOrder(let window):
                duplicateWindow = duplicateWindow.map { max($0, window) } ?? window
            case .stalePrice(let age): if needsQuote { stalePriceAge = Self.smaller(stalePriceAge, age) }
            case .referencePrice(let tolerance): referenceTolerance = Self.smaller(referenceTolerance, tolerance)
            case .lossStreak, .orderRate, .tradeRate: residualSteps.append(step)
            }
        }
        if let limit = maxPositionNotional,
            case (let scaled, false) = limit.units.multipliedReportingOverflow(by: FixedDecimal.scale)
        {
            positionNotionalScaled = scaled
        }
    }

    private static func smaller<Value: Comparable>(_ current: Value?, _ new: Value) -> Value {
        current.map { min($0, new) } ?? new
    }
}

extension RiskState {
    /// Whether the order violates none of the steps `fused` stands for; the caller has checked that it is not
    /// risk-reducing (exempt steps are not left out here). False sends the decision to the step loop.
    @inline(__always) mutating func passes(
        _ fused: UnsafePointer<FusedChecks>,
        order: Order,
        facts: OrderFacts
    ) -> Bool {
        guard fused.pointee.usable, facts.price.isPositive else { return false }
        if let reference = facts.reference, !reference.isPositive { return false }
        if let limit = fused.pointee.maxOrderQuantity, facts.quantity > limit { return false }
        if let limit = fused.pointee.maxOrderNotional, facts.notional > limit { return false }
        if fused.pointee.tradingState && tradingStateViolates(facts) { return false }
        if fused.pointee.liveEligibility && !bots[Int(facts.bot)].promoted { return false }
        if let percent = fused.pointee.priceCollar, priceCollarViolates(order, facts, percent) { return false }
        if let scaled = fused.pointee.positionNotionalScaled {
            if positionNotionalExceeds(facts, scaledLimit: scaled) { return false }
        } else if let limit = fused.pointee.maxPositionNotional, positionNotionalViolates(facts, limit) {
            return false
        }
        if let limit = fused.pointee.maxGrossExposure, grossExposureViolates(facts, limit) { return false }
        if let limit = fused.pointee.maxOpenTrades, openTradesViolates(facts, limit) { return false }
        if let lowest = fused.pointee.dailyLossLowest, dailyLossViolates(facts, lowest) { return false }
        if let highest = fused.pointee.dailyLossHighest, highest != fused.pointee.dailyLossLowest,
            dailyLossViolates(facts, highest)
        {
            return false
        }
        if let percent = fused.pointee.maxDrawdown, drawdownViolates(facts, percent) { return false }
        if let window = fused.pointee.duplicateWindow, duplicateViolates(order, facts, window) { return false }
        if let age = fused.pointee.stalePriceAge, facts.needsQuote, facts.quoteAge > age.nanoseconds { return false }
        if let tolerance = fused.pointee.referenceTolerance, referencePriceViolates(order, facts, tolerance) {
            return false
        }
        let residual = fused.pointee.residual
        if residual.isEmpty { return true }
        let steps = residualSteps
        return steps.withUnsafeBufferPointer { steps in
            for index in stride(from: residual.lowerBound, to: residual.upperBound, by: 1)
            where violates(steps[index].op, order: order, facts: facts) {
                return false
            }
            return true
        }
    }
}

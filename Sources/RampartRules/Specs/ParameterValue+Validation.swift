extension ParameterValue {
    /// Why this value cannot be the limit of `key`'s kind, or nil when it is in range.
    ///
    /// Kinds are checked by the decoder; this checks ranges: money and quantity limits above zero, percentages in
    /// (0, 100], counts not negative, windows and cooldowns above zero, rate counts at most `Rate.maximumCount`.
    public func rangeProblem() -> String? {
        switch self {
        case .bool: return nil
        case .integer(let value): return value < 0 ? "must not be negative" : nil
        case .decimal(let value): return value.isPositive ? nil : "must be greater than zero"
        case .percent(let value):
            return value.value.isPositive && value.value <= FixedDecimal(100)
                ? nil : "must be above 0% and at most 100%"
        case .duration(let value): return value.nanoseconds > 0 ? nil : "must be longer than zero"
        case .rates(let rates):
            if rates.isEmpty { return "needs at least one window" }
            for rate in rates {
                if rate.count < 1 { return "window \(rate) must allow at least 1" }
                if rate.count > Rate.maximumCount {
                    return
                        "window \(rate) allows more than \(Rate.maximumCount): every bot keeps one 8-byte timestamp per "
                        + "allowed event, so the largest count sets the memory of each bot"
                }
                if rate.window.nanoseconds <= 0 { return "window \(rate) must be longer than zero" }
            }
            return nil
        case .lossStreak(let streak):
            if streak.losses < 1 { return "losses must be at least 1" }
            return streak.cooldown.nanoseconds > 0 ? nil : "cooldown must be longer than zero"
        case .symbols, .quoteRequirement: return nil
        }
    }
}

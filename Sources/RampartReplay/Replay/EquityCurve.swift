import RampartRules

/// Cumulative realized P&L over time, one point per fill that realized something, stored column-wise.
struct EquityCurve: Sendable {
    private(set) var times: [Int64] = []
    private(set) var pnl: [Int128] = []
    private var total: Int128 = 0

    /// Adds `amount` of realized P&L at `time`.
    mutating func add(_ amount: FixedDecimal, at time: Timestamp) {
        guard !amount.isZero else { return }
        total &+= amount.units
        if let last = times.last, last == time.nanoseconds {
            pnl[pnl.count - 1] = total
        } else {
            times.append(time.nanoseconds)
            pnl.append(total)
        }
    }

    /// The largest drawdown of `startingBalance` + this curve, as a fraction 0…1 of the peak.
    func maxDrawdown(startingBalance: FixedDecimal) -> FixedDecimal {
        var tracker = DrawdownTracker(startingBalance: startingBalance)
        for (time, value) in zip(times, pnl) {
            tracker.observe(pnl: FixedDecimal(units: value), at: Timestamp(nanoseconds: time))
        }
        return tracker.worst
    }

    /// At most `limit` points of equity (`startingBalance` + P&L), keeping each bucket's first, lowest and
    /// highest point and the last point, so peaks and troughs survive downsampling.
    func downsampled(startingBalance: FixedDecimal, limit: Int = 2000) -> [EquityPoint] {
        let base = startingBalance.units
        func point(_ index: Int) -> EquityPoint {
            EquityPoint(time: Timestamp(nanoseconds: times[index]), equity: FixedDecimal(units: base &+ pnl[index]))
        }
        guard times.count > limit else { return times.indices.map(point) }
        let buckets = max(1, (limit - 1) / 3)
        var picked: [Int] = []
        picked.reserveCapacity(limit)
        for bucket in 0..<buckets {
            let lower = bucket * times.count / buckets
            let upper = (bucket + 1) * times.count / buckets
            guard lower < upper else { continue }
            var low = lower
            var high = lower
            for index in lower..<upper {
                if pnl[index] < pnl[low] { low = index }
                if pnl[index] > pnl[high] { high = index }
            }
            for index in Set([lower, low, high]).sorted() { picked.append(index) }
        }
        if picked.last != times.count - 1 { picked.append(times.count - 1) }
        return picked.map(point)
    }
}

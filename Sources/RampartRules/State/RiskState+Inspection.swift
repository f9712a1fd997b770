extension RiskState {
    /// Every bot the state knows, in first-seen order.
    public var botNames: [String] { bots.map(\.name) }

    /// How many allowed orders (or, with `entries`, position-opening orders) of `bot` fall in `(now - window, now]`,
    /// counting at most `limit`.
    public func rateWindowUse(
        bot: String,
        window: TimeSpan,
        at now: Timestamp,
        entries: Bool = false,
        limit: Int = 10_000
    )
        -> Int
    {
        guard let index = botIndex[bot] else { return 0 }
        let ring = entries ? bots[Int(index)].entryTimes : bots[Int(index)].orderTimes
        return ring.eventsInWindow(now: now.nanoseconds, window: window.nanoseconds, limit: limit)
    }
}

extension RiskState {
    /// Whether an order with this client order id was ever allowed (restored from the journal after a restart).
    public func hasSeenClientOrderID(_ id: String) -> Bool { clientOrderIDs.contains(id) }
}

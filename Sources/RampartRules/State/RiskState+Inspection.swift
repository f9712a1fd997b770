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

    /// Every open position (committed quantity not zero), by bot then symbol, for `GET /v1/state`.
    public var openPositions: [OpenPosition] {
        positions.compactMap { position -> OpenPosition? in
            guard position.quantity != 0 else { return nil }
            let quantity = FixedDecimal(units: position.quantity)
            let average = try? position.costNotional.divided(by: quantity.magnitude)
            return OpenPosition(
                bot: bots[Int(position.bot)].name,
                account: accounts[Int(position.account)].name,
                symbol: symbolNames[Int(position.symbol)],
                quantity: quantity,
                averageEntry: average ?? .zero,
                entryValue: position.costNotional
            )
        }
        .sorted { ($0.bot, $0.symbol) < ($1.bot, $1.symbol) }
    }
}

/// A bot's open position in one symbol, as the gate holds it.
public struct OpenPosition: Sendable, Hashable {
    /// The bot.
    public var bot: String
    /// Its account.
    public var account: String
    /// The symbol.
    public var symbol: String
    /// Signed committed quantity: positive long, negative short.
    public var quantity: FixedDecimal
    /// Average entry price (entry value / |quantity|, half-even to 8 decimals).
    public var averageEntry: FixedDecimal
    /// |quantity| × average entry price: what the position cost to open.
    public var entryValue: FixedDecimal
}

extension OpenPosition {
    /// The price the position would close at now: the bid for a long, the ask for a short.
    public func markPrice(at quote: Quote) -> FixedDecimal { quantity.isNegative ? quote.ask : quote.bid }

    /// P&L if the position closed at `quote` now (fees excluded): value at the mark minus entry value for a long,
    /// the reverse for a short; nil when out of range.
    public func unrealizedPnL(at quote: Quote) -> FixedDecimal? {
        guard let value = try? quantity.magnitude.multiplied(by: markPrice(at: quote)) else { return nil }
        return quantity.isNegative ? try? entryValue.subtracting(value) : try? value.subtracting(entryValue)
    }
}

/// What `/metrics` reports of the state, counted in the gate's lock (`Gate.stateCounts`), so no copy of the state
/// outlives the call (a copy alive while orders are decided makes each of them copy what it writes).
public struct StateCounts: Sendable {
    /// The global trading state in force.
    public let global: TradingState
    /// Scopes (global, accounts, bots) whose trading state is not `active`, as `GET /v1/state` lists them.
    public let stoppedScopes: Int
    /// Bots the state knows.
    public let bots: Int
    /// Accounts the state knows.
    public let accounts: Int
    /// Every symbol with a quote held, and the quote.
    public let heldQuotes: [(symbol: String, quote: Quote)]
}

extension RiskState {
    /// Every scope whose trading state is not `active` (global first, then accounts and bots in first-seen order),
    /// with its entry: what an operator halted or set reduce-only, and what rules did.
    public var stoppedScopes: [(scope: TradingScope, entry: TradingStateEntry)] {
        var stopped: [(scope: TradingScope, entry: TradingStateEntry)] = []
        if global.state != .active { stopped.append((.global, global)) }
        for account in accounts where account.trading.state != .active {
            stopped.append((.account(account.name), account.trading))
        }
        for bot in bots where bot.trading.state != .active { stopped.append((.bot(bot.name), bot.trading)) }
        return stopped
    }

    /// The state's counts for `/metrics` at `now`.
    public func counts(at now: Timestamp) -> StateCounts {
        StateCounts(
            global: global.state(at: now),
            stoppedScopes: stoppedScopes.count,
            bots: bots.count,
            accounts: accounts.count,
            heldQuotes: heldQuotes
        )
    }
}

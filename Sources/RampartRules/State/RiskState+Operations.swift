extension RiskState {
    /// Sets the trading state of a scope, as an operator does (no expiry; `active` resumes).
    public mutating func setTradingState(_ state: TradingState, for scope: TradingScope, reason: String, now: Timestamp)
    {
        let entry =
            state == .active ? TradingStateEntry.active : TradingStateEntry(state: state, until: nil, reason: reason)
        switch scope {
        case .global:
            global = entry
        case .account(let name):
            let index = accountIndex[name] ?? createAccount(name, now: now)
            accounts[Int(index)].trading = entry
        case .bot(let name):
            // A bot not seen yet is created without an account; its state applies from its first order.
            let index = botIndex[name] ?? bot(named: name, account: -1)
            bots[Int(index)].trading = entry
        }
    }

    private mutating func createAccount(_ name: String, now: Timestamp) -> Int32 {
        let index = Int32(accounts.count)
        accounts.append(AccountState(name: name, startingBalance: .zero, day: now.utcDay, funded: false))
        accountIndex[name] = index
        return index
    }

    /// Marks a bot as promoted to live trading, or takes the promotion back.
    public mutating func setPromoted(_ promoted: Bool, bot name: String) {
        let index = botIndex[name] ?? bot(named: name, account: -1)
        bots[Int(index)].promoted = promoted
    }

    /// The trading state in force for a scope at `now`.
    public func tradingState(of scope: TradingScope, at now: Timestamp) -> TradingState {
        switch scope {
        case .global: global.state(at: now)
        case .account(let name): accountIndex[name].map { accounts[Int($0)].trading.state(at: now) } ?? .active
        case .bot(let name): botIndex[name].map { bots[Int($0)].trading.state(at: now) } ?? .active
        }
    }

    /// Every bot promoted to live trading, in first-seen order.
    public var promotedBots: [String] { bots.filter(\.promoted).map(\.name) }

    /// Whether a bot is promoted to live trading (false for a bot never seen).
    public func isPromoted(bot name: String) -> Bool {
        botIndex[name].map { bots[Int($0)].promoted } ?? false
    }

    /// A bot's paper record as eligibility reads it: only fills of paper orders and the round trips they closed,
    /// measured up to `now` against the starting balance of the bot's account (`startingBalance` for a bot that
    /// trades in no funded account yet). An unknown bot has an empty record.
    public func paperRecord(ofBot name: String, now: Timestamp, startingBalance fallback: FixedDecimal) -> PaperRecord {
        let bot = botIndex[name].map { bots[Int($0)] }
        let paper = bot?.paper ?? PaperTally()
        var startingBalance = fallback
        if let account = bot?.account, account >= 0, accounts[Int(account)].funded {
            startingBalance = accounts[Int(account)].startingBalance
        }
        return PaperRecord(
            firstTrade: paper.firstFillTime,
            lastTrade: now,
            closedTrades: paper.closedTrades,
            wins: paper.wins,
            netPnL: paper.realizedPnL,
            startingBalance: startingBalance,
            callerPricedFills: paper.callerPricedFills
        )
    }

    /// Per-bot record: closed trades, wins, realized P&L, first fill.
    public func record(ofBot name: String) -> BotRecord? {
        guard let index = botIndex[name] else { return nil }
        let bot = bots[Int(index)]
        return BotRecord(
            bot: bot.name,
            closedTrades: bot.tally.closedTrades,
            wins: bot.tally.wins,
            realizedPnL: bot.tally.realizedPnL,
            firstFillTime: bot.tally.firstFillTime,
            openPositions: bot.openPositions
        )
    }

    /// An account's equity, daily realized P&L and gross exposure.
    public func summary(ofAccount name: String) -> AccountSummary? {
        guard let index = accountIndex[name] else { return nil }
        let account = accounts[Int(index)]
        return AccountSummary(
            account: name,
            equity: account.equity,
            realizedPnL: account.realizedPnL,
            dailyRealizedPnL: account.dailyRealizedPnL,
            peakEquity: account.peakEquity,
            grossExposure: account.grossExposure
        )
    }

    /// The committed signed quantity of a bot's position in a symbol (zero when flat or unknown).
    public func positionQuantity(bot: String, symbol: String) -> FixedDecimal {
        guard let botID = botIndex[bot], let symbolID = symbolIndex[symbol] else { return .zero }
        guard let index = positionIndex[Self.positionKey(bot: botID, symbol: symbolID)] else { return .zero }
        return FixedDecimal(units: positions[Int(index)].quantity)
    }

    /// What a bot's open position in a symbol cost to open: |quantity| × average entry price (zero when flat).
    public func entryValue(bot: String, symbol: String) -> FixedDecimal {
        guard let botID = botIndex[bot], let symbolID = symbolIndex[symbol] else { return .zero }
        guard let index = positionIndex[Self.positionKey(bot: botID, symbol: symbolID)] else { return .zero }
        return positions[Int(index)].costNotional
    }
}

/// A bot's trading record, for eligibility and reports.
public struct BotRecord: Sendable, Hashable {
    /// The bot.
    public var bot: String
    /// Round trips closed.
    public var closedTrades: Int
    /// Closed round trips with positive net P&L.
    public var wins: Int
    /// Realized P&L, fees included.
    public var realizedPnL: FixedDecimal
    /// When the bot's first fill was booked.
    public var firstFillTime: Timestamp?
    /// Positions open now.
    public var openPositions: Int
}

/// An account's money figures.
public struct AccountSummary: Sendable, Hashable {
    /// The account.
    public var account: String
    /// Starting balance plus realized P&L.
    public var equity: FixedDecimal
    /// Realized P&L since the start.
    public var realizedPnL: FixedDecimal
    /// Realized P&L since 00:00 UTC.
    public var dailyRealizedPnL: FixedDecimal
    /// Highest equity seen.
    public var peakEquity: FixedDecimal
    /// Sum of open positions' cost notional.
    public var grossExposure: FixedDecimal
}

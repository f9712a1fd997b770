/// One bot's state in the book.
struct BotState: Sendable {
    let name: String
    /// The account the bot trades in; -1 until its first order (an operator may halt or promote it before).
    var account: Int32
    /// Reserved orders that would open a position.
    var pendingOpens = 0
    var trading = TradingStateEntry.active
    var orderTimes: TimeRing
    var entryTimes: TimeRing
    var promoted = false
    /// What fills changed: kept in one trivially copyable value so booking a fill copies no references.
    var tally = BotTally()
    /// The part of the record that paper orders made: what promotion to live is judged on.
    var paper = PaperTally()

    init(name: String, account: Int32, orderTimes: TimeRing, entryTimes: TimeRing) {
        self.name = name
        self.account = account
        self.orderTimes = orderTimes
        self.entryTimes = entryTimes
    }

    var openPositions: Int { tally.openPositions }
    var consecutiveLosses: Int { tally.consecutiveLosses }
    var lastLossTime: Int64 { tally.lastLossTime }
}

/// A bot's trading record as fills change it.
struct BotTally: Sendable {
    /// Positions open now.
    var openPositions = 0
    var consecutiveLosses = 0
    var lastLossTime: Int64 = .min
    /// Closed trades and wins, for eligibility and reports.
    var closedTrades = 0
    var wins = 0
    var realizedPnL = FixedDecimal.zero
    var firstFillTime: Timestamp?
}

/// A bot's paper trading record: fills of paper orders, and the round trips a paper fill closed.
struct PaperTally: Sendable {
    var closedTrades = 0
    var wins = 0
    var realizedPnL = FixedDecimal.zero
    var firstFillTime: Timestamp?
    /// Paper fills priced from the order's own numbers, not from market data.
    var callerPricedFills = 0

    /// Counts one paper fill and what it closed.
    mutating func count(_ outcome: FillOutcome, priceSource: PriceSource, at now: Timestamp) throws(ArithmeticError) {
        if priceSource == .caller { callerPricedFills += 1 }
        realizedPnL = try realizedPnL.adding(outcome.realizedPnL)
        if firstFillTime == nil { firstFillTime = now }
        if let trade = outcome.closedTrade {
            closedTrades += 1
            if trade.isWin { wins += 1 }
        }
    }
}

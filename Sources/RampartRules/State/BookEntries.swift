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

    /// Counts one paper fill and what it closed.
    mutating func count(_ outcome: FillOutcome, at now: Timestamp) throws(ArithmeticError) {
        realizedPnL = try realizedPnL.adding(outcome.realizedPnL)
        if firstFillTime == nil { firstFillTime = now }
        if let trade = outcome.closedTrade {
            closedTrades += 1
            if trade.isWin { wins += 1 }
        }
    }
}

/// One account's state: equity, daily P&L, peak and exposure.
struct AccountState: Sendable {
    let name: String
    var startingBalance: FixedDecimal
    /// False for an account an operator halted before its first order: its balance comes with that order.
    var funded: Bool
    var realizedPnL = FixedDecimal.zero
    var day: Int64
    var dayStartEquity: FixedDecimal
    var dailyRealizedPnL = FixedDecimal.zero
    var peakEquity: FixedDecimal
    /// Sum over positions of their cost notional (|quantity| × average entry price).
    var grossExposure = FixedDecimal.zero
    var pendingExposure = FixedDecimal.zero
    var trading = TradingStateEntry.active

    init(name: String, startingBalance: FixedDecimal, day: Int64, funded: Bool = true) {
        self.name = name
        self.funded = funded
        self.startingBalance = startingBalance
        self.day = day
        self.dayStartEquity = startingBalance
        self.peakEquity = startingBalance
    }

    /// Starting balance plus realized P&L (net of fees).
    var equity: FixedDecimal { (try? startingBalance.adding(realizedPnL)) ?? startingBalance }

    /// Today's realized P&L and the equity it is measured from, on UTC day `day`.
    ///
    /// A day after the stored one reads as if `RiskState.rollDay` had run (zero P&L from the current equity),
    /// so a what-if decision never has to write the roll-over into (shared, copy-on-write) state.
    @inline(__always) func daily(on day: Int64) -> (realizedPnL: FixedDecimal, startEquity: FixedDecimal) {
        day > self.day ? (.zero, equity) : (dailyRealizedPnL, dayStartEquity)
    }
}

/// A recent order of one bot in one symbol, for duplicate detection.
struct RecentOrder: Sendable {
    var side: Side
    var quantity: Int128
    var price: Int128
    var time: Int64

    /// An empty slot.
    static let none = RecentOrder(side: .buy, quantity: 0, price: 0, time: .min)
}

/// One bot's position in one symbol.
struct PositionState: Sendable {
    let bot: Int32
    let symbol: Int32
    let account: Int32
    /// Signed quantity in 1e-8 units: positive long, negative short.
    var quantity: Int128 = 0
    /// Sum of signed quantities of reserved, not yet filled orders.
    var pendingQuantity: Int128 = 0
    /// Cash paid (negative) or received (positive) to open the current position, fees included.
    var openCash = FixedDecimal.zero
    /// |quantity| × average entry price.
    var costNotional = FixedDecimal.zero
    /// P&L of the round trip in progress.
    var roundTripPnL = FixedDecimal.zero
    var openedAt: Timestamp?
    /// Index into the state's program table, or -1 when it must be built for the current profile.
    var program: Int32 = -1

    init(bot: Int32, symbol: Int32, account: Int32) {
        self.bot = bot
        self.symbol = symbol
        self.account = account
    }

    /// Quantity after every reserved order fills.
    var projectedQuantity: Int128 { quantity &+ pendingQuantity }
}

/// The last four allowed orders of one position, for duplicate detection (kept apart from `PositionState`
/// so reading a position on the hot path stays a small copy).
struct RecentOrders: Sendable {
    var orders: (RecentOrder, RecentOrder, RecentOrder, RecentOrder)
    var next = 0

    static let empty = RecentOrders(
        orders: (RecentOrder.none, RecentOrder.none, RecentOrder.none, RecentOrder.none)
    )

    mutating func remember(_ order: RecentOrder) {
        switch next {
        case 0: orders.0 = order
        case 1: orders.1 = order
        case 2: orders.2 = order
        default: orders.3 = order
        }
        next = (next + 1) & 3
    }

    /// The age of the newest identical recent order, if one is within `window`.
    func duplicateAge(of order: RecentOrder, window: Int64) -> Int64? {
        var best: Int64?
        func consider(_ candidate: RecentOrder) {
            guard candidate.time != .min, candidate.side == order.side, candidate.quantity == order.quantity,
                candidate.price == order.price
            else { return }
            let age = max(order.time &- candidate.time, 0)
            if age < window, best.map({ age < $0 }) ?? true { best = age }
        }
        // A tuple, not an array: no allocation on the hot path.
        consider(orders.0)
        consider(orders.1)
        consider(orders.2)
        consider(orders.3)
        return best
    }
}

/// An order's reservation, held between `submit` and `commit` or `release`.
struct Reservation: Sendable {
    var position: Int32
    var signedQuantity: Int128
    var exposure: FixedDecimal
    var opensPosition: Bool
    var generation: UInt32
    var active: Bool
}

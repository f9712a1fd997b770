/// The part of the risk state that fills alone make: positions, account P&L and exposure, bot tallies and paper
/// records. A journal snapshot stores it, so recovery books only the fills after it (issue 13).
///
/// It holds only what has been filled: bots with a first fill, their accounts, and their positions that are open or
/// carry cost, as a replay of the same fills would make them.
public struct FillLedger: Sendable, Hashable {
    /// One account's fill-made figures.
    public struct Account: Sendable, Hashable {
        public var name: String
        public var startingBalance: FixedDecimal
        public var realizedPnL: FixedDecimal
        public var day: Int64
        public var dayStartEquity: FixedDecimal
        public var dailyRealizedPnL: FixedDecimal
        public var peakEquity: FixedDecimal
        public var grossExposure: FixedDecimal

        /// Creates one.
        public init(
            name: String,
            startingBalance: FixedDecimal,
            realizedPnL: FixedDecimal,
            day: Int64,
            dayStartEquity: FixedDecimal,
            dailyRealizedPnL: FixedDecimal,
            peakEquity: FixedDecimal,
            grossExposure: FixedDecimal
        ) {
            self.name = name
            self.startingBalance = startingBalance
            self.realizedPnL = realizedPnL
            self.day = day
            self.dayStartEquity = dayStartEquity
            self.dailyRealizedPnL = dailyRealizedPnL
            self.peakEquity = peakEquity
            self.grossExposure = grossExposure
        }
    }

    /// One bot's tallies, live and paper.
    public struct Bot: Sendable, Hashable {
        public var name: String
        public var account: String
        public var openPositions: Int
        public var consecutiveLosses: Int
        public var lastLossTime: Int64
        public var closedTrades: Int
        public var wins: Int
        public var realizedPnL: FixedDecimal
        public var firstFillTime: Int64?
        public var paperClosedTrades: Int
        public var paperWins: Int
        public var paperRealizedPnL: FixedDecimal
        public var paperFirstFillTime: Int64?
        public var callerPricedFills: Int

        /// Creates one.
        public init(
            name: String,
            account: String,
            openPositions: Int,
            consecutiveLosses: Int,
            lastLossTime: Int64,
            closedTrades: Int,
            wins: Int,
            realizedPnL: FixedDecimal,
            firstFillTime: Int64?,
            paperClosedTrades: Int,
            paperWins: Int,
            paperRealizedPnL: FixedDecimal,
            paperFirstFillTime: Int64?,
            callerPricedFills: Int
        ) {
            self.name = name
            self.account = account
            self.openPositions = openPositions
            self.consecutiveLosses = consecutiveLosses
            self.lastLossTime = lastLossTime
            self.closedTrades = closedTrades
            self.wins = wins
            self.realizedPnL = realizedPnL
            self.firstFillTime = firstFillTime
            self.paperClosedTrades = paperClosedTrades
            self.paperWins = paperWins
            self.paperRealizedPnL = paperRealizedPnL
            self.paperFirstFillTime = paperFirstFillTime
            self.callerPricedFills = callerPricedFills
        }
    }

    /// One position's quantity, cash and cost.
    public struct Position: Sendable, Hashable {
        public var bot: String
        public var symbol: String
        public var quantity: FixedDecimal
        public var openCash: FixedDecimal
        public var costNotional: FixedDecimal
        public var roundTripPnL: FixedDecimal
        public var openedAt: Int64?

        /// Creates one.
        public init(
            bot: String,
            symbol: String,
            quantity: FixedDecimal,
            openCash: FixedDecimal,
            costNotional: FixedDecimal,
            roundTripPnL: FixedDecimal,
            openedAt: Int64?
        ) {
            self.bot = bot
            self.symbol = symbol
            self.quantity = quantity
            self.openCash = openCash
            self.costNotional = costNotional
            self.roundTripPnL = roundTripPnL
            self.openedAt = openedAt
        }
    }

    public var accounts: [Account]
    public var bots: [Bot]
    public var positions: [Position]

    /// Creates a ledger.
    public init(accounts: [Account], bots: [Bot], positions: [Position]) {
        self.accounts = accounts
        self.bots = bots
        self.positions = positions
    }
}

extension RiskState {
    /// The fill-made part of this state (see `FillLedger`), each part by name.
    public var fillLedger: FillLedger {
        var filledAccounts = Set<Int32>()
        var ledgerBots: [FillLedger.Bot] = []
        for bot in bots where bot.tally.firstFillTime != nil || bot.paper.firstFillTime != nil {
            guard bot.account >= 0 else { continue }
            filledAccounts.insert(bot.account)
            ledgerBots.append(
                FillLedger.Bot(
                    name: bot.name,
                    account: accounts[Int(bot.account)].name,
                    openPositions: bot.tally.openPositions,
                    consecutiveLosses: bot.tally.consecutiveLosses,
                    lastLossTime: bot.tally.lastLossTime,
                    closedTrades: bot.tally.closedTrades,
                    wins: bot.tally.wins,
                    realizedPnL: bot.tally.realizedPnL,
                    firstFillTime: bot.tally.firstFillTime?.nanoseconds,
                    paperClosedTrades: bot.paper.closedTrades,
                    paperWins: bot.paper.wins,
                    paperRealizedPnL: bot.paper.realizedPnL,
                    paperFirstFillTime: bot.paper.firstFillTime?.nanoseconds,
                    callerPricedFills: bot.paper.callerPricedFills
                )
            )
        }
        let ledgerAccounts = filledAccounts.sorted().map { index in
            let account = accounts[Int(index)]
            return FillLedger.Account(
                name: account.name,
                startingBalance: account.startingBalance,
                realizedPnL: account.realizedPnL,
                day: account.day,
                dayStartEquity: account.dayStartEquity,
                dailyRealizedPnL: account.dailyRealizedPnL,
                peakEquity: account.peakEquity,
                grossExposure: account.grossExposure
            )
        }
        let ledgerPositions = positions.compactMap { position -> FillLedger.Position? in
            guard
                position.quantity != 0 || position.openedAt != nil || position.costNotional != .zero
                    || position.openCash != .zero || position.roundTripPnL != .zero
            else { return nil }
            return FillLedger.Position(
                bot: bots[Int(position.bot)].name,
                symbol: symbolNames[Int(position.symbol)],
                quantity: FixedDecimal(units: position.quantity),
                openCash: position.openCash,
                costNotional: position.costNotional,
                roundTripPnL: position.roundTripPnL,
                openedAt: position.openedAt?.nanoseconds
            )
        }
        // By name, so the same fills make the same ledger whatever order the state first saw its names in.
        return FillLedger(
            accounts: ledgerAccounts.sorted { $0.name < $1.name },
            bots: ledgerBots.sorted { $0.name < $1.name },
            positions: ledgerPositions.sorted { ($0.bot, $0.symbol) < ($1.bot, $1.symbol) }
        )
    }

    /// Rebuilds the fill-made part of a fresh state from `ledger`, creating accounts, bots and positions as the
    /// fills did. Throws when the ledger does not fit `profile` (an account's starting balance changed, an account
    /// it may not name, a position of a bot it lacks): recovery then replays every fill instead.
    public mutating func restore(_ ledger: FillLedger, profile: CompiledProfile, at now: Timestamp) throws(GateError) {
        adopt(profile)
        var accountIDs: [String: Int32] = [:]
        for entry in ledger.accounts {
            guard profile.admitsAccount(entry.name) || accountIndex[entry.name] != nil else {
                throw .invalidFill("account \(entry.name) is not in the profile")
            }
            let index = account(named: entry.name, profile: profile, now: now)
            guard accounts[Int(index)].startingBalance == entry.startingBalance else {
                throw .invalidFill("account \(entry.name)'s starting balance is not the snapshot's")
            }
            accounts[Int(index)].realizedPnL = entry.realizedPnL
            accounts[Int(index)].day = entry.day
            accounts[Int(index)].dayStartEquity = entry.dayStartEquity
            accounts[Int(index)].dailyRealizedPnL = entry.dailyRealizedPnL
            accounts[Int(index)].peakEquity = entry.peakEquity
            accounts[Int(index)].grossExposure = entry.grossExposure
            accountIDs[entry.name] = index
        }
        var botIDs: [String: Int32] = [:]
        for entry in ledger.bots {
            guard let account = accountIDs[entry.account] else { throw .invalidFill("bot \(entry.name)'s account") }
            let index = bot(named: entry.name, account: account)
            if bots[Int(index)].account < 0 { bots[Int(index)].account = account }
            guard bots[Int(index)].account == account else { throw .invalidFill("bot \(entry.name) in two accounts") }
            bots[Int(index)].tally = BotTally(
                openPositions: entry.openPositions,
                consecutiveLosses: entry.consecutiveLosses,
                lastLossTime: entry.lastLossTime,
                closedTrades: entry.closedTrades,
                wins: entry.wins,
                realizedPnL: entry.realizedPnL,
                firstFillTime: entry.firstFillTime.map(Timestamp.init(nanoseconds:))
            )
            bots[Int(index)].paper = PaperTally(
                closedTrades: entry.paperClosedTrades,
                wins: entry.paperWins,
                realizedPnL: entry.paperRealizedPnL,
                firstFillTime: entry.paperFirstFillTime.map(Timestamp.init(nanoseconds:)),
                callerPricedFills: entry.callerPricedFills
            )
            botIDs[entry.name] = index
        }
        for entry in ledger.positions {
            guard let bot = botIDs[entry.bot], let symbol = symbol(named: entry.symbol) else {
                throw .invalidFill("position of \(entry.bot) in \(entry.symbol)")
            }
            let index = position(bot: bot, symbol: symbol)
            rememberPosition(index, bot: entry.bot, symbol: entry.symbol)
            positions[Int(index)].quantity = entry.quantity.units
            positions[Int(index)].openCash = entry.openCash
            positions[Int(index)].costNotional = entry.costNotional
            positions[Int(index)].roundTripPnL = entry.roundTripPnL
            positions[Int(index)].openedAt = entry.openedAt.map(Timestamp.init(nanoseconds:))
        }
    }
}

/// Everything the checks read: bots, accounts, positions, rate windows, trading states, reservations.
///
/// A value type: the `Gate` owns one behind a lock; `CompiledProfile.evaluate(_:in:at:)` works on a copy.
/// Bots, symbols, accounts and positions get integer ids the first time they are seen, and each position
/// caches the compiled program for its bot and symbol, so a decision does no allocation once both are known.
public struct RiskState: Sendable {
    var bots: [BotState] = []
    var botIndex: [String: Int32] = [:]
    var symbolNames: [String] = []
    var symbolIndex: [String: Int32] = [:]
    /// The newest market quote per symbol id (parallel to `symbolNames`), nil until the feed reports one.
    var quotes: [Quote?] = []
    /// The venue's filters per symbol id (parallel to `symbolNames`), nil where the venue lists none.
    var venueRules: [SymbolRules?] = []
    /// Parallel to `venueRules`: whether the symbol has filters, so a decision reads one byte, not the filters.
    var hasVenueRules: [Bool] = []
    /// Every symbol's venue filters by `BASE/QUOTE` name, as the market data source last listed them.
    var venueRuleBook: [String: SymbolRules] = [:]
    var accounts: [AccountState] = []
    var accountIndex: [String: Int32] = [:]
    var positions: [PositionState] = []
    /// Parallel to `positions`.
    var recentOrders: [RecentOrders] = []
    var positionIndex: [UInt64: Int32] = [:]
    var global = TradingStateEntry.active
    var clientOrderIDs: Set<String> = []
    /// Every compiled program's steps, back to back; `programRanges[i]` is program i.
    var programSteps = Program()
    var programRanges: [Range<Int>] = []
    /// Per program and mode (paper `2 × program`, live `2 × program + 1`): the index of its `FusedChecks` in
    /// `fusedChecks`, or `notDecided` / `decidedOnce`: a program is fused on its second decision in a mode.
    var fusedSlots: [Int32] = []
    /// The fused checks of every program and mode fused so far: see `FusedChecks`.
    var fusedChecks: [FusedChecks] = []
    /// The rate and loss-streak steps of every fused program, back to back (`FusedChecks.residual`).
    var residualSteps = Program()
    var positionByName = PositionNameTable()
    var programKeys: [ProgramKey: Int32] = [:]
    var reservations: [Reservation] = []
    /// The free slot of `reservations` taken next (-1: none); each free slot names the next (`Reservation.nextFree`),
    /// so taking and giving back a slot writes no second array.
    var freeReservation: Int32 = -1
    var profileIdentity: ObjectIdentifier?
    /// The findings storage of the last decision that had findings: the next such decision writes into it once that
    /// decision is gone, so denials do not allocate (`Findings.init(reusing:)`). Not part of the state's meaning.
    var spareFindings: ContiguousArray<Finding>?
    #if DEBUG
        /// Debug builds: how many decisions the fused checks passed (each one checked against the step loop), so
        /// tests can tell that the fast path ran.
        var fusedPasses = 0
    #endif
    var orderRingCapacity = 1
    var entryRingCapacity = 1
    /// The longest order and trade windows of any profile this state adopted, in nanoseconds (see `OrderMemory`).
    var orderSpan: Int64 = 0
    var entrySpan: Int64 = 0

    /// An empty book.
    public init() {}

    /// The position of `bot` in `symbol`, if the state has one: one lookup resolves bot, symbol and account.
    @inline(__always) func knownPosition(bot: String, symbol: String) -> Int32? {
        knownPosition(bot: bot, symbol: symbol, digest: PositionNameTable.digest(bot: bot, symbol: symbol))
    }

    /// The position of `order`'s bot in its symbol, found by the digest the order carries (no hashing here).
    @inline(__always) func knownPosition(of order: Order) -> Int32? {
        knownPosition(bot: order.bot, symbol: order.symbol, digest: order.positionDigest)
    }

    @inline(__always) private func knownPosition(bot: String, symbol: String, digest: UInt64) -> Int32? {
        positionByName.find(digest) { position in
            let entry = positions[Int(position)]
            return bots[Int(entry.bot)].name == bot && symbolNames[Int(entry.symbol)] == symbol
        }
    }

    /// Records that `position` is `bot`'s position in `symbol` (a pair already recorded stays as it is: a position
    /// is found by its bot and symbol ids, so the same names always lead to the same position).
    mutating func rememberPosition(_ position: Int32, bot: String, symbol: String) {
        guard knownPosition(bot: bot, symbol: symbol) == nil else { return }
        positionByName.insert(PositionNameTable.digest(bot: bot, symbol: symbol), position: position)
    }

    /// Programs are shared by every bot and symbol that the same overrides match.
    struct ProgramKey: Hashable {
        var overrides: UInt64
        var symbol: Int32
    }

    /// Drops cached programs when the profile changes, and sizes rate buffers for the new profile.
    /// `reservingBots: false` for a what-if's small state (`RiskState(whatIf:)`), which holds one bot at most.
    /// Inlined: every decision calls it, and all but the first under a profile return at once.
    @inline(__always) mutating func adopt(_ profile: CompiledProfile, reservingBots: Bool = true) {
        guard profileIdentity != ObjectIdentifier(profile) else { return }
        adoptNew(profile, reservingBots: reservingBots)
    }

    private mutating func adoptNew(_ profile: CompiledProfile, reservingBots: Bool) {
        profileIdentity = ObjectIdentifier(profile)
        programSteps.removeAll(keepingCapacity: true)
        programRanges.removeAll(keepingCapacity: true)
        fusedSlots.removeAll(keepingCapacity: true)
        fusedChecks.removeAll(keepingCapacity: true)
        residualSteps.removeAll(keepingCapacity: true)
        programKeys.removeAll(keepingCapacity: true)
        for index in positions.indices { positions[index].program = -1 }
        orderRingCapacity = max(orderRingCapacity, profile.largestOrderWindow)
        entryRingCapacity = max(entryRingCapacity, profile.largestTradeWindow)
        orderSpan = max(orderSpan, profile.longestOrderSpan)
        entrySpan = max(entrySpan, profile.longestTradeSpan)
        for index in bots.indices {
            bots[index].orderTimes.reserve(orderRingCapacity)
            bots[index].entryTimes.reserve(entryRingCapacity)
        }
        for index in accounts.indices { describe(account: index, by: profile) }
        if reservingBots && !profile.fundsAccountsOnFirstUse {
            // `limits.max_bots` bounds the bot index at max_bots × accounts; reserve up to 4,096 of it at once so a
            // burst of new names does not rehash it step by step under the lock. Not more: a what-if that meets a
            // new bot copies the index (copy on write), and a larger reservation makes every such copy dearer.
            let bots = min(profile.maxBotsPerAccount * max(1, profile.declaredAccounts.count), Self.reservedBots)
            if botIndex.capacity < bots { botIndex.reserveCapacity(bots) }
        }
    }

    /// The most bot-index entries reserved up front (see `adopt`).
    static let reservedBots = 4_096

    /// Whether `profile` declares the account, and whether it may go short.
    private mutating func describe(account index: Int, by profile: CompiledProfile) {
        let name = accounts[index].name
        if let declared = profile.declaredAccounts[name] {
            accounts[index].declared = true
            accounts[index].allowsShort = declared.type == .margin
        } else {
            accounts[index].declared = profile.fundsAccountsOnFirstUse
            accounts[index].allowsShort = profile.allowsShort
        }
    }

    /// The id of `name`'s account, creating it at its declared starting balance (the profile's for an account
    /// the profile does not declare: one the journal holds from an earlier profile, or a replay's).
    mutating func account(named name: String, profile: CompiledProfile, now: Timestamp) -> Int32 {
        let balance = profile.declaredAccounts[name]?.startingBalance ?? profile.startingBalance
        if let index = accountIndex[name] {
            if !accounts[Int(index)].funded {
                accounts[Int(index)].funded = true
                accounts[Int(index)].startingBalance = balance
                accounts[Int(index)].dayStartEquity = balance
                accounts[Int(index)].peakEquity = balance
                describe(account: Int(index), by: profile)
            }
            return index
        }
        let index = Int32(accounts.count)
        accounts.append(AccountState(name: name, startingBalance: balance, day: now.utcDay))
        accountIndex[name] = index
        describe(account: Int(index), by: profile)
        return index
    }

    /// The id of bot `name`, creating it in `account`.
    mutating func bot(named name: String, account: Int32) -> Int32 {
        if let index = botIndex[name] { return index }
        if account >= 0 { accounts[Int(account)].botCount += 1 }
        let index = Int32(bots.count)
        bots.append(
            BotState(
                name: name,
                account: account,
                orderTimes: TimeRing(capacity: orderRingCapacity),
                entryTimes: TimeRing(capacity: entryRingCapacity)
            )
        )
        botIndex[name] = index
        return index
    }

    /// The id of `symbol`, or nil when it is not `BASE/QUOTE`.
    mutating func symbol(named symbol: String) -> Int32? {
        if let index = symbolIndex[symbol] { return index }
        guard Self.isWellFormedSymbol(symbol) else { return nil }
        let index = Int32(symbolNames.count)
        symbolNames.append(symbol)
        symbolIndex[symbol] = index
        quotes.append(nil)
        venueRules.append(venueRuleBook[symbol])
        hasVenueRules.append(venueRules[Int(index)] != nil)
        return index
    }

    /// `BASE/QUOTE`: exactly one slash, both sides non-empty letters, digits, `.`, `-` or `_`.
    static func isWellFormedSymbol(_ symbol: String) -> Bool {
        var slashes = 0
        var sideLength = 0
        for byte in symbol.utf8 {
            switch byte {
            case UInt8(ascii: "/"):
                guard sideLength > 0 else { return false }
                slashes += 1
                sideLength = 0
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"):
                sideLength += 1
            default:
                return false
            }
        }
        return slashes == 1 && sideLength > 0
    }

    /// The id of the position of `bot` in `symbol`.
    mutating func position(bot: Int32, symbol: Int32) -> Int32 {
        let key = Self.positionKey(bot: bot, symbol: symbol)
        if let index = positionIndex[key] { return index }
        let index = Int32(positions.count)
        positions.append(PositionState(bot: bot, symbol: symbol, account: bots[Int(bot)].account))
        recentOrders.append(.empty)
        positionIndex[key] = index
        return index
    }

    /// The key of `positionIndex`: bot and symbol ids side by side.
    static func positionKey(bot: Int32, symbol: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: bot)) << 32 | UInt64(UInt32(bitPattern: symbol))
    }

    /// The program for a position under `profile`, building it on first use.
    ///
    /// Inlined: every decision asks, and all but a position's first under a profile find it cached.
    @inline(__always) mutating func program(for position: Int32, profile: CompiledProfile) -> Int32 {
        let cached = positions[Int(position)].program
        return cached >= 0 ? cached : buildProgram(for: position, profile: profile)
    }

    private mutating func buildProgram(for position: Int32, profile: CompiledProfile) -> Int32 {
        let entry = positions[Int(position)]
        let botName = bots[Int(entry.bot)].name
        let symbolName = symbolNames[Int(entry.symbol)]
        let mask = profile.overrideMask(bot: botName, symbol: symbolName)
        let key = ProgramKey(overrides: mask, symbol: entry.symbol)
        let index: Int32
        if let shared = programKeys[key] {
            index = shared
        } else {
            index = Int32(programRanges.count)
            let start = programSteps.count
            programSteps.append(contentsOf: profile.program(bot: botName, symbol: symbolName, mask: mask))
            programRanges.append(start..<programSteps.count)
            fusedSlots.append(Self.notDecided)  // paper
            fusedSlots.append(Self.notDecided)  // live
            programKeys[key] = index
        }
        positions[Int(position)].program = index
        return index
    }

    /// Starts a new UTC day for an account: daily P&L restarts from the current equity.
    mutating func rollDay(account: Int32, now: Timestamp) { rollDay(account: account, day: now.utcDay) }

    /// `rollDay` on UTC day `day` (a decision has it already).
    @inline(__always) mutating func rollDay(account: Int32, day: Int64) {
        guard day > accounts[Int(account)].day else { return }
        accounts[Int(account)].day = day
        accounts[Int(account)].dailyRealizedPnL = .zero
        accounts[Int(account)].dayStartEquity = accounts[Int(account)].equity
    }

    /// The most severe trading state over global, account and bot at `now`.
    ///
    /// Two comparisons written out: the standard library's three-argument `max` was called out of line here.
    @inline(__always) func tradingState(bot: Int32, account: Int32, now: Timestamp) -> TradingState {
        var state = global.state(at: now)
        let accountState = accounts[Int(account)].trading.state(at: now)
        if accountState > state { state = accountState }
        let botState = bots[Int(bot)].trading.state(at: now)
        if botState > state { state = botState }
        return state
    }
}

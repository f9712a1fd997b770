/// What allowed orders leave in the risk state besides reservations: each bot's rate windows (order and entry
/// times) and each position's duplicate-order memory. A journal snapshot stores it next to the `FillLedger`, so
/// recovery replays only the orders after the snapshot (issue 13).
public struct OrderMemory: Sendable, Hashable {
    /// One bot's rate windows, oldest event first: the events a window of the longest span can still count (see
    /// `TimeRing.events(within:)`), not those long past.
    public struct Bot: Sendable, Hashable {
        public var name: String
        public var account: String
        public var orderTimes: [Int64]
        public var entryTimes: [Int64]

        /// Creates one.
        public init(name: String, account: String, orderTimes: [Int64], entryTimes: [Int64]) {
            self.name = name
            self.account = account
            self.orderTimes = orderTimes
            self.entryTimes = entryTimes
        }
    }

    /// One remembered order of a position (prices and quantities in 1e-8 units; time `Int64.min` for none).
    public struct Recent: Sendable, Hashable {
        public var side: Side
        public var quantityUnits: Int128
        public var priceUnits: Int128
        public var time: Int64

        /// Creates one.
        public init(side: Side, quantityUnits: Int128, priceUnits: Int128, time: Int64) {
            self.side = side
            self.quantityUnits = quantityUnits
            self.priceUnits = priceUnits
            self.time = time
        }
    }

    /// One position's duplicate-order memory: its last four allowed orders in slot order, and the next slot.
    public struct Position: Sendable, Hashable {
        public var bot: String
        public var symbol: String
        public var orders: [Recent]
        public var next: Int

        /// Creates one.
        public init(bot: String, symbol: String, orders: [Recent], next: Int) {
            self.bot = bot
            self.symbol = symbol
            self.orders = orders
            self.next = next
        }
    }

    /// The ring capacities the windows were kept at (the largest order and trade rate counts then).
    public var orderCapacity: Int
    public var entryCapacity: Int
    /// The longest order and trade windows then, in nanoseconds: events more than twice that older than a bot's
    /// newest were left out (0: none was).
    public var orderSpan: Int64
    public var entrySpan: Int64
    public var bots: [Bot]
    public var positions: [Position]

    /// Creates one.
    public init(
        orderCapacity: Int,
        entryCapacity: Int,
        orderSpan: Int64 = 0,
        entrySpan: Int64 = 0,
        bots: [Bot],
        positions: [Position]
    ) {
        self.orderCapacity = orderCapacity
        self.entryCapacity = entryCapacity
        self.orderSpan = orderSpan
        self.entrySpan = entrySpan
        self.bots = bots
        self.positions = positions
    }
}

extension RiskState {
    /// The order-made part of this state (see `OrderMemory`): bots that trade in an account, positions that
    /// remember an order, each by name.
    public var orderMemory: OrderMemory {
        var memoryBots: [OrderMemory.Bot] = []
        for bot in bots where bot.account >= 0 && (bot.orderTimes.count > 0 || bot.entryTimes.count > 0) {
            memoryBots.append(
                OrderMemory.Bot(
                    name: bot.name,
                    account: accounts[Int(bot.account)].name,
                    orderTimes: bot.orderTimes.events(within: orderSpan),
                    entryTimes: bot.entryTimes.events(within: entrySpan)
                )
            )
        }
        var memoryPositions: [OrderMemory.Position] = []
        for (index, position) in positions.enumerated() {
            let recent = recentOrders[index]
            let slots = [recent.orders.0, recent.orders.1, recent.orders.2, recent.orders.3]
            guard slots.contains(where: { $0.time != .min }) else { continue }
            memoryPositions.append(
                OrderMemory.Position(
                    bot: bots[Int(position.bot)].name,
                    symbol: symbolNames[Int(position.symbol)],
                    orders: slots.map {
                        OrderMemory.Recent(
                            side: $0.side,
                            quantityUnits: $0.quantity,
                            priceUnits: $0.price,
                            time: $0.time
                        )
                    },
                    next: recent.next
                )
            )
        }
        return OrderMemory(
            orderCapacity: orderRingCapacity,
            entryCapacity: entryRingCapacity,
            orderSpan: orderSpan,
            entrySpan: entrySpan,
            bots: memoryBots.sorted { $0.name < $1.name },
            positions: memoryPositions.sorted { ($0.bot, $0.symbol) < ($1.bot, $1.symbol) }
        )
    }

    /// Puts `memory` back into a state restored from a snapshot's `FillLedger`, creating accounts, bots and
    /// positions as the orders did. Throws when it does not fit `profile`: a ring that was full at a smaller
    /// capacity than the profile's now (a replay would remember more events), windows kept for a shorter span than
    /// the profile's longest now (a replay would count older events), a bot in two accounts, a malformed entry.
    /// Recovery then replays the journal instead.
    public mutating func restore(_ memory: OrderMemory, profile: CompiledProfile, at now: Timestamp) throws(GateError) {
        adopt(profile)
        if memory.orderSpan > 0 && orderSpan > memory.orderSpan || memory.entrySpan > 0 && entrySpan > memory.entrySpan
        {
            throw .invalidFill("the rate windows were kept for a shorter span than the profile's")
        }
        orderSpan = max(orderSpan, memory.orderSpan)
        entrySpan = max(entrySpan, memory.entrySpan)
        for entry in memory.bots {
            if entry.orderTimes.count >= memory.orderCapacity && orderRingCapacity > memory.orderCapacity
                || entry.entryTimes.count >= memory.entryCapacity && entryRingCapacity > memory.entryCapacity
            {
                throw .invalidFill("bot \(entry.name)'s rate window was kept at a smaller capacity")
            }
            let account = self.account(named: entry.account, profile: profile, now: now)
            let index = bot(named: entry.name, account: account)
            if bots[Int(index)].account < 0 {
                bots[Int(index)].account = account
                accounts[Int(account)].botCount += 1
            }
            guard bots[Int(index)].account == account else { throw .invalidFill("bot \(entry.name) in two accounts") }
            bots[Int(index)].orderTimes = TimeRing(capacity: orderRingCapacity, events: entry.orderTimes)
            bots[Int(index)].entryTimes = TimeRing(capacity: entryRingCapacity, events: entry.entryTimes)
        }
        for entry in memory.positions {
            guard entry.orders.count == 4, (0..<4).contains(entry.next), let bot = botIndex[entry.bot],
                bots[Int(bot)].account >= 0, let symbol = symbol(named: entry.symbol)
            else { throw .invalidFill("duplicate memory of \(entry.bot) in \(entry.symbol)") }
            let index = position(bot: bot, symbol: symbol)
            rememberPosition(index, bot: entry.bot, symbol: entry.symbol)
            let slots = entry.orders.map {
                RecentOrder(side: $0.side, quantity: $0.quantityUnits, price: $0.priceUnits, time: $0.time)
            }
            recentOrders[Int(index)] = RecentOrders(orders: (slots[0], slots[1], slots[2], slots[3]), next: entry.next)
        }
    }
}

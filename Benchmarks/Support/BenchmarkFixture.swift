import RampartRules

/// A gate with 5,000 open positions (100 bots × 50 symbols) and a rotating set of orders for them.
public final class BenchmarkFixture: @unchecked Sendable {
    let gate: Gate
    let profile: CompiledProfile
    let state: RiskState
    let orders: [Order]
    let oversized: [Order]
    let newBotOrders: [Order]
    var next = 0
    var time: Int64

    /// Builds the gate and opens every position once; `quoted` gives every symbol a market quote (bid 99.95, ask
    /// 100.05), so decisions are judged at the gate's own prices (DESIGN §7) and look the quote up by symbol id.
    public init(quoted: Bool = false) throws {
        let start = Timestamp(iso8601: "2026-01-05T00:00:00Z")!
        time = start.nanoseconds
        let profile = try BenchmarkProfile.compile(quoted: quoted)
        let clockBox = ClockBox(start)
        gate = Gate(profile: profile, clock: { clockBox.tick() })
        if quoted {
            let quote = Quote(
                bid: FixedDecimal(units: 9_995_000_000),
                ask: FixedDecimal(units: 10_005_000_000),
                time: start
            )
            gate.updateQuotes((0..<50).map { ("S\($0)/USDT", quote) })
        }
        var orders: [Order] = []
        var oversized: [Order] = []
        for symbol in 0..<50 {
            for bot in 0..<100 {
                let order = Order(
                    bot: "bot-\(bot)",
                    account: "acct-\(bot % 10)",
                    symbol: "S\(symbol)/USDT",
                    side: .buy,
                    type: .limit,
                    quantity: FixedDecimal(units: 10_000_000),  // 0.1
                    price: FixedDecimal(100),
                    referencePrice: FixedDecimal(100)
                )
                // Open every position once, so each decision sees a held position and a warm program cache.
                let (decision, permit) = gate.submit(order)
                guard decision.allowed, let permit else { throw BenchmarkSetupError(decision.violations.description) }
                if quoted && decision.priceSource != .market { throw BenchmarkSetupError("not judged at the market") }
                try gate.commit(permit, fill: Fill(quantity: order.quantity, price: FixedDecimal(100)))
                orders.append(order)
                var big = order
                big.quantity = FixedDecimal(6)  // over max_order_quantity (deny) and two shadow rules (warn)
                oversized.append(big)
            }
        }
        // Consecutive decisions touch different bots (the list is symbol-major), as concurrent bots would.
        self.orders = orders
        self.oversized = oversized
        self.newBotOrders = (0..<50).map { symbol in
            Order(
                bot: "bot-new",
                account: "acct-\(symbol % 10)",
                symbol: "S\(symbol)/USDT",
                side: .buy,
                type: .limit,
                quantity: FixedDecimal(units: 10_000_000),
                price: FixedDecimal(100),
                referencePrice: FixedDecimal(100)
            )
        }
        self.profile = profile
        self.state = gate.snapshot()
        self.time = clockBox.tick().nanoseconds
    }

    /// One allowed decision, then its reservation released.
    @inline(__always) public func decideAndRelease() -> Bool {
        let order = orders[next]
        next = next + 1 == orders.count ? 0 : next + 1
        let (decision, permit) = gate.submit(order)
        if let permit { try? gate.release(permit) }
        return decision.allowed
    }

    /// One what-if decision against a snapshot.
    @inline(__always) public func evaluate() -> Bool {
        let order = orders[next]
        next = next + 1 == orders.count ? 0 : next + 1
        time &+= 100_000_000
        return profile.evaluate(order, in: state, at: Timestamp(nanoseconds: time)).allowed
    }

    /// One what-if (`Gate.check`) for a bot the gate has never seen, in a known account and symbol: the check must
    /// not copy the gate's state (5,000 positions) to evaluate it.
    @inline(__always) public func checkNewBot() -> Bool {
        let order = newBotOrders[next % newBotOrders.count]
        next = next + 1 == orders.count ? 0 : next + 1
        return gate.check(order).allowed
    }

    /// A what-if for the `index`th order (modulo their count), touching no other state of the fixture: for a
    /// second thread that checks while the first submits.
    public func checkAside(_ index: Int) -> Bool { gate.check(orders[index % orders.count]).allowed }

    /// One denied decision.
    @inline(__always) public func deny() -> Bool {
        let order = oversized[next]
        next = next + 1 == oversized.count ? 0 : next + 1
        return gate.submit(order).decision.allowed
    }
}

/// A clock that moves 100 ms per decision, so rate windows slide as they would in production.
/// A clock that moves 100 ms per decision.
final class ClockBox: @unchecked Sendable {
    private var now: Int64
    init(_ start: Timestamp) { now = start.nanoseconds }
    func tick() -> Timestamp {
        now &+= 100_000_000
        return Timestamp(nanoseconds: now)
    }
}

struct BenchmarkSetupError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

import RampartRules

/// How many orders a profile saw, allowed and denied.
public struct OrderSummary: Sendable, Hashable {
    /// Every fill is one order.
    public var orders = 0
    /// Orders the profile allowed (and that were filled in the gated record).
    public var allowed = 0
    /// Orders denied by a rule, plus orders removed with their denied entry.
    public var denied = 0
    /// Of the denied orders, those never sent because their round trip's entry was denied (or nothing was left to close).
    public var removed = 0

    /// Creates a summary.
    public init(orders: Int = 0, allowed: Int = 0, denied: Int = 0, removed: Int = 0) {
        self.orders = orders
        self.allowed = allowed
        self.denied = denied
        self.removed = removed
    }

    /// The sum of two summaries.
    public static func + (lhs: OrderSummary, rhs: OrderSummary) -> OrderSummary {
        OrderSummary(
            orders: lhs.orders + rhs.orders,
            allowed: lhs.allowed + rhs.allowed,
            denied: lhs.denied + rhs.denied,
            removed: lhs.removed + rhs.removed
        )
    }
}

/// How many orders one rule denied.
public struct RuleCount: Sendable, Hashable {
    /// The rule id.
    public var rule: String
    /// Orders it denied (an order denied by two rules counts for both).
    public var count: Int

    /// Creates a count.
    public init(rule: String, count: Int) {
        self.rule = rule
        self.count = count
    }
}

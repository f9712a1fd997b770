/// A recent order of one bot in one symbol, for duplicate detection.
struct RecentOrder: Sendable {
    var side: Side
    var quantity: Int128
    var price: Int128
    var time: Int64

    /// An empty slot.
    static let none = RecentOrder(side: .buy, quantity: 0, price: 0, time: .min)
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

    /// Whether a remembered order is the same as `order` and younger than `window`: `duplicateAge(of:window:)` is
    /// not nil, answered without finding the youngest (the hot path asks only whether).
    @inline(__always) func holdsDuplicate(of order: RecentOrder, window: Int64) -> Bool {
        @inline(__always) func same(_ candidate: RecentOrder) -> Bool {
            candidate.quantity == order.quantity && candidate.price == order.price && candidate.side == order.side
                && candidate.time != .min && max(order.time &- candidate.time, 0) < window
        }
        return same(orders.0) || same(orders.1) || same(orders.2) || same(orders.3)
    }

    /// The age of the newest identical recent order, if one is within `window`.
    @inline(__always) func duplicateAge(of order: RecentOrder, window: Int64) -> Int64? {
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

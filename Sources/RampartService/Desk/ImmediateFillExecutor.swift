public import RampartRules

/// Stand-in executor until the paper executor is wired: fills the whole quantity at once at the
/// order's valuation price (limit price, else reference price) with zero fee.
public struct ImmediateFillExecutor: Executor {
    /// Creates the executor.
    public init() {}

    /// Fills everything at the valuation price; rejects an order without any price.
    public func execute(_ permit: Permit) async -> ExecutionResult {
        let order = permit.order
        guard let price = order.valuationPrice else {
            return .rejected(reason: "no price or reference_price to fill at")
        }
        return .filled(Fill(quantity: order.quantity, price: price, fee: .zero))
    }
}

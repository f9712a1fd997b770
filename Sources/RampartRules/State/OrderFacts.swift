/// What a decision knows about an order once its bot, symbol and position are resolved.
struct OrderFacts {
    let bot: Int32
    let account: Int32
    let symbol: Int32
    let position: Int32
    /// Signed quantity in 1e-8 units: positive buys, negative sells.
    let signedQuantity: Int128
    let quantity: FixedDecimal
    /// Limit price, or reference price for market orders.
    let price: FixedDecimal
    /// `quantity × price`.
    let notional: FixedDecimal
    let effect: OrderEffect
    let now: Timestamp
    /// `now.utcDay`, computed once per decision.
    let day: Int64
    /// 1 for paper, 2 for live (matches `Step.modes`).
    let modeBit: UInt8
    /// The reference price in 1e-8 units (0: none), kept unboxed so the facts stay small.
    let referenceUnits: Int128
    /// Where `reference` came from.
    let priceSource: PriceSource
    /// Age of the newest quote in nanoseconds; `Int64.max` when none is held.
    let quoteAge: Int64
    /// Whether `market_data.require` asks this order for a fresh quote.
    let needsQuote: Bool

    /// The reference price the order is judged at: the market (ask for a buy, bid for a sell) when a fresh quote
    /// is held, else the caller's `reference_price`; nil when there is neither.
    @inline(__always) var reference: FixedDecimal? {
        referenceUnits == 0 ? nil : FixedDecimal(units: referenceUnits)
    }
}

extension Order {
    /// Why the order is malformed, independent of any profile; nil when it is well formed.
    var validityProblem: StaticString? {
        if !quantity.isPositive { return "quantity must be greater than zero" }
        if let price, !price.isPositive { return "price must be greater than zero" }
        if let referencePrice, !referencePrice.isPositive { return "reference_price must be greater than zero" }
        if let stopLoss, !stopLoss.isPositive { return "stop_loss must be greater than zero" }
        if let takeProfit, !takeProfit.isPositive { return "take_profit must be greater than zero" }
        if bot.isEmpty { return "bot must not be empty" }
        if account.isEmpty { return "account must not be empty" }
        if type == .limit && price == nil { return "a limit order needs a price" }
        if type == .market && price != nil {
            return "a market order carries no price; it is valued at the reference price"
        }
        return nil
    }

    /// Why the order's stop-loss or take-profit is on the wrong side of `entry` (the price it is valued at).
    ///
    /// Inlined: every decision asks, and for an order without either it is two bit tests.
    @inline(__always) func bracketProblem(entry: FixedDecimal) -> StaticString? {
        switch side {
        case .buy:
            if let stopLoss, stopLoss >= entry { return "a buy's stop_loss must be below the entry price" }
            if let takeProfit, takeProfit <= entry { return "a buy's take_profit must be above the entry price" }
        case .sell:
            if let stopLoss, stopLoss <= entry { return "a sell's stop_loss must be above the entry price" }
            if let takeProfit, takeProfit >= entry { return "a sell's take_profit must be below the entry price" }
        }
        return nil
    }
}

extension OrderEffect {
    /// Classifies an order of signed quantity `order` against a projected position.
    @inline(__always) static func of(order: Int128, position: Int128) -> OrderEffect {
        if position == 0 { return .opening }
        if (position > 0) == (order > 0) { return .increasing }
        return order.magnitude <= position.magnitude ? .reducing : .crossing
    }
}

/// One bot's position in one symbol.
struct PositionState: Sendable {
    let bot: Int32
    let symbol: Int32
    let account: Int32
    /// Signed quantity in 1e-8 units: positive long, negative short.
    var quantity: Int128 = 0
    /// Sum of signed quantities of reserved, not yet filled orders.
    var pendingQuantity: Int128 = 0
    /// Sum of the quantities of reserved sells: what a spot account has already promised out of its holding.
    var pendingSells: Int128 = 0
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

    /// This position under other ids (a what-if's small state numbers its bot, symbol and account anew), with its
    /// program to be built there.
    func renumbered(bot: Int32, symbol: Int32, account: Int32) -> PositionState {
        var copy = PositionState(bot: bot, symbol: symbol, account: account)
        copy.quantity = quantity
        copy.pendingQuantity = pendingQuantity
        copy.pendingSells = pendingSells
        copy.openCash = openCash
        copy.costNotional = costNotional
        copy.roundTripPnL = roundTripPnL
        copy.openedAt = openedAt
        return copy
    }

    /// Quantity after every reserved order fills.
    var projectedQuantity: Int128 { quantity &+ pendingQuantity }
}

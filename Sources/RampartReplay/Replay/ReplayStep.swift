/// One fill in replay order, already booked in the baseline: what the gated lanes need to replay it.
struct ReplayStep: Sendable {
    /// The fill.
    var record: FillRecord
    /// The baseline position before the fill, signed, in 1e-8 units.
    var held: Int128
    /// 1-based position of the fill in the input.
    var index: Int
    /// The position (bot and symbol), numbered in first-seen order.
    var position: Int32
    /// The bot, numbered in first-seen order (the report's order).
    var bot: Int32
    /// The fill's client order id in `ReplayBatch.clientOrderIDs`, or -1 for none.
    var clientOrderID: Int32
    /// Whether the fill reduces the baseline position.
    var isExit: Bool
    /// Whether the fill leaves the baseline position flat, ending its round trip.
    var closesTrip: Bool
}

/// Steps handed from the reading thread to the gating thread, with the strings they need.
struct ReplayBatch: Sendable {
    /// How the reading stage ended, on its last batch.
    enum End: Sendable {
        /// Every fill was read and booked.
        case finished
        /// The first problem; every step before it is in this batch or an earlier one.
        case failed(DryRunError)
    }

    /// The steps, in replay order.
    var steps: [ReplayStep] = []
    /// Client order ids of the steps that have one.
    var clientOrderIDs: [String] = []
    /// Bot names first seen since the previous batch, in source id order.
    var newBots: [String] = []
    /// Symbol names first seen since the previous batch, in source id order.
    var newSymbols: [String] = []
    /// Set on the last batch.
    var end: End?

    /// An empty batch with room for `capacity` steps.
    init(capacity: Int) { steps.reserveCapacity(capacity) }

    /// Empties the batch, keeping its storage for the next one.
    mutating func clear() {
        steps.removeAll(keepingCapacity: true)
        clientOrderIDs.removeAll(keepingCapacity: true)
        newBots.removeAll()
        newSymbols.removeAll()
        end = nil
    }
}

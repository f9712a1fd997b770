import Synchronization

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

/// Steps handed from the sequencing thread to the gated lanes and the baseline's book, with the strings they need.
///
/// One batch is read by both: a class, so that they share it, and the last reader to finish empties it and gives
/// it back to the sequencer (`release(to:)`), so its storage is reused instead of allocated (and paged in) again.
/// Only the sequencer writes it, before `share(with:)`, and only the last reader after its count reached zero.
final class ReplayBatch: @unchecked Sendable {
    /// How the sequencing stage ended, on its last batch.
    enum End: Sendable {
        /// Every fill was read and sequenced.
        case finished
        /// The first problem; every step before it is in this batch or an earlier one.
        case failed(DryRunError)
    }

    /// The steps, in replay order.
    @exclusivity(unchecked) var steps: [ReplayStep] = []
    /// Client order ids of the steps that have one.
    @exclusivity(unchecked) var clientOrderIDs: [String] = []
    /// Bot names first seen since the previous batch, in source id order.
    @exclusivity(unchecked) var newBots: [String] = []
    /// Symbol names first seen since the previous batch, in source id order.
    @exclusivity(unchecked) var newSymbols: [String] = []
    /// Set on the last batch.
    @exclusivity(unchecked) var end: End?
    /// Readers that have not finished with the batch yet.
    private let readers = Atomic<Int>(0)

    /// An empty batch with room for `capacity` steps.
    init(capacity: Int) { steps.reserveCapacity(capacity) }

    /// Hands the filled batch to `count` readers; each calls `release(to:)` when done.
    func share(with count: Int) { readers.store(count, ordering: .releasing) }

    /// One reader is done; the last one empties the batch and puts it in `spare` for the sequencer to refill.
    func release(to spare: HandOff<ReplayBatch>) {
        guard readers.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 else { return }
        steps.removeAll(keepingCapacity: true)
        clientOrderIDs.removeAll(keepingCapacity: true)
        newBots.removeAll()
        newSymbols.removeAll()
        end = nil
        _ = spare.put(self)
    }
}

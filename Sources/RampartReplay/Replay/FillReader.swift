/// Fills as read, handed from the reading thread to the baseline's thread, with the strings they need.
struct RecordBatch: Sendable {
    /// The fills, in file order (after any `--bot` filter).
    var records: [FillRecord] = []
    /// The client order ids of the records that have one, in order.
    var clientOrderIDs: [String] = []
    /// Bot names the source added since the previous batch, in id order.
    var newBots: [String] = []
    /// Symbol names the source added since the previous batch, in id order.
    var newSymbols: [String] = []
    /// Set on the last batch: nil when the file was read to its end, else the problem that stopped it.
    var end: End?

    /// How reading ended.
    enum End: Sendable {
        /// The whole file was read.
        case finished
        /// The first problem in the file; every record before it is in this batch or an earlier one.
        case failed(TradeReadError)
    }

    /// An empty batch with room for `capacity` records.
    init(capacity: Int) { records.reserveCapacity(capacity) }

    /// Empties the batch, keeping its storage for the next one.
    mutating func clear() {
        records.removeAll(keepingCapacity: true)
        clientOrderIDs.removeAll(keepingCapacity: true)
        newBots.removeAll()
        newSymbols.removeAll()
        end = nil
    }
}

/// The replay's first stage: parses the trade file into `FillRecord` batches on a thread of its own, so parsing
/// runs beside the baseline's booking and the gate's decisions.
///
/// Only its thread touches it until it is joined; then the caller reads `source` (its rounded-value count).
final class FillReader: @unchecked Sendable {
    /// Records per batch.
    static let batchSize = 4096

    let source: any FillRecordSource
    @exclusivity(unchecked) private var botCount = 0
    @exclusivity(unchecked) private var symbolCount = 0

    /// A stage reading `source` from where it stands.
    init(source: any FillRecordSource) { self.source = source }

    /// Reads every record into batches for `output` (taking emptied ones back from `spare`); the last batch says
    /// how reading ended. Returns early when `output` is closed.
    func run(into output: HandOff<RecordBatch>, spare: HandOff<RecordBatch>) {
        var batch = spare.poll() ?? RecordBatch(capacity: Self.batchSize)
        while true {
            let next: FillRecord?
            do {
                next = try source.nextRecord()
            } catch {
                takeNewNames(into: &batch)
                batch.end = .failed(error)
                break
            }
            guard let record = next else {
                takeNewNames(into: &batch)
                batch.end = .finished
                break
            }
            if Int(record.bot) >= botCount || Int(record.symbol) >= symbolCount { takeNewNames(into: &batch) }
            if record.hasClientOrderID { batch.clientOrderIDs.append(source.lastClientOrderID ?? "") }
            batch.records.append(record)
            if batch.records.count >= Self.batchSize {
                guard output.put(batch) else { return }
                batch = spare.poll() ?? RecordBatch(capacity: Self.batchSize)
            }
        }
        _ = output.put(batch)
    }

    /// Copies the names the source has added since the last call.
    private func takeNewNames(into batch: inout RecordBatch) {
        while botCount < source.botCount {
            batch.newBots.append(source.botName(Int32(botCount)))
            botCount += 1
        }
        while symbolCount < source.symbolCount {
            batch.newSymbols.append(source.symbolName(Int32(symbolCount)))
            symbolCount += 1
        }
    }
}

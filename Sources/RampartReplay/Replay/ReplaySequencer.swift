import RampartRules

/// The replay's second stage: takes the fills `FillReader` parsed, numbers positions and bots in first-seen order,
/// puts each equal-time group in replay order (exits first, against the baseline position before the group) and
/// hands the steps, with the baseline position each fill meets, to the gated lanes and to the baseline's book.
///
/// It runs on its own thread (`ReplayThread`); only that thread touches it until it is joined, after which the
/// caller reads the bots, the counts and the currency. One thread at a time, so its properties skip the dynamic
/// exclusivity checks (which cost about a tenth of the stage's time).
final class ReplaySequencer: @unchecked Sendable {
    /// A fill waiting for the rest of its equal-time group (plain data: no string to retain).
    private struct PendingFill {
        var record: FillRecord
        var index: Int
        /// Index into `groupClientOrderIDs`, or -1.
        var clientOrderID: Int32
    }

    /// Steps per batch.
    static let batchSize = 4096

    let file: String
    private let locations: FillLocations
    @exclusivity(unchecked) private var positionTable = PositionTable()
    @exclusivity(unchecked) private var positionBot: [Int32] = []
    /// The baseline's signed quantity per position, in 1e-8 units.
    @exclusivity(unchecked) private var baseQuantity: [Int128] = []
    /// The report's bot number of each source bot id, -1 until the bot's first fill is replayed.
    @exclusivity(unchecked) private var reportBot: [Int32] = []
    /// Source names by id, as the record batches bring them.
    @exclusivity(unchecked) private var bots: [String] = []
    @exclusivity(unchecked) private var symbols: [String] = []
    /// Bots in first-seen order: the report's order.
    @exclusivity(unchecked) private(set) var botNames: [String] = []
    @exclusivity(unchecked) private var currencyCheck: CurrencyCheck
    /// The waiting group: its first `groupCount` entries (the storage is reused, never emptied).
    @exclusivity(unchecked) private var group: [PendingFill] = []
    @exclusivity(unchecked) private var groupCount = 0
    @exclusivity(unchecked) private var groupClientOrderIDs: [String] = []
    @exclusivity(unchecked) private var groupPositions: [Int32] = []
    @exclusivity(unchecked) private var groupExits: [Bool] = []
    /// Fills read so far (after any `--bot` filter).
    @exclusivity(unchecked) private(set) var orders = 0

    /// How many positions (bot and symbol pairs) the fills opened.
    var positionCount: Int { positionBot.count }

    /// The quote currency of the replay, once known.
    var currency: String? { currencyCheck.currency }

    /// A stage for the fills of `file`; `locations` reads the records' locations.
    init(file: String, locations: FillLocations, currency: CurrencyCheck) {
        self.file = file
        self.locations = locations
        self.currencyCheck = currency
    }

    /// Sequences every fill of the batches from `input` (giving emptied ones back to `spareRecords`), sending each
    /// batch of steps to `gate` and to `book` (and refilling those they give back to `spare`); the last batch to
    /// `gate` says how it ended. Returns early when
    /// `input` or `gate` is closed; closes `book` when it returns. A closed `book` (the baseline failed) does not
    /// stop it: the gated lanes still get every step, so that an earlier problem of theirs comes first.
    func run(
        from input: HandOff<RecordBatch>,
        spareRecords: HandOff<RecordBatch>,
        gate: HandOff<ReplayBatch>,
        book: HandOff<ReplayBatch>,
        spare: HandOff<ReplayBatch>
    ) {
        defer { book.close() }
        var batch = ReplayBatch(capacity: Self.batchSize)
        func send() -> Bool {
            batch.share(with: 2)
            if !book.put(batch) { batch.release(to: spare) }
            guard gate.put(batch) else { return false }
            batch = spare.poll() ?? ReplayBatch(capacity: Self.batchSize)
            return true
        }
        do throws(DryRunError) {
            while true {
                guard var records = input.take() else { return }
                for name in records.newBots {
                    bots.append(name)
                    reportBot.append(-1)
                    batch.newBots.append(name)
                }
                for name in records.newSymbols {
                    symbols.append(name)
                    batch.newSymbols.append(name)
                }
                var clientOrderIDs = 0
                for record in records.records {
                    orders += 1
                    if groupCount > 0 && group[groupCount - 1].record.time != record.time {
                        try flush(into: &batch)
                    }
                    var clientOrderID: Int32 = -1
                    if record.hasClientOrderID {
                        clientOrderID = Int32(groupClientOrderIDs.count)
                        groupClientOrderIDs.append(records.clientOrderIDs[clientOrderIDs])
                        clientOrderIDs += 1
                    }
                    let pending = PendingFill(record: record, index: orders, clientOrderID: clientOrderID)
                    if groupCount < group.count { group[groupCount] = pending } else { group.append(pending) }
                    groupCount += 1
                    if batch.steps.count >= Self.batchSize {
                        guard send() else { return }
                    }
                }
                let end = records.end
                records.clear()
                _ = spareRecords.put(records)
                switch end {
                case nil: continue
                case .finished?:
                    try flush(into: &batch)
                    batch.end = .finished
                case .failed(let error)?:
                    // The group still waiting is not replayed: the problem comes first in file order.
                    throw DryRunError(error)
                }
                break
            }
        } catch {
            batch.end = .failed(error)
        }
        _ = send()
    }

    /// Puts the waiting group in replay order: exits (against the baseline position before the group) first, then
    /// entries, each in input order.
    private func flush(into batch: inout ReplayBatch) throws(DryRunError) {
        let count = groupCount
        defer {
            groupCount = 0
            if !groupClientOrderIDs.isEmpty { groupClientOrderIDs.removeAll(keepingCapacity: true) }
        }
        if count == 1 {
            let pending = group[0]
            try sequence(pending, position: try position(for: pending.record), into: &batch)
            return
        }
        if groupPositions.count < count {
            groupPositions.append(contentsOf: repeatElement(0, count: count - groupPositions.count))
            groupExits.append(contentsOf: repeatElement(false, count: count - groupExits.count))
        }
        for offset in 0..<count {
            let pending = group[offset]
            let position = try position(for: pending.record)
            groupPositions[offset] = position
            let held = baseQuantity[Int(position)]
            groupExits[offset] = held != 0 && (held > 0) != (pending.record.side == .buy)
        }
        for offset in 0..<count where groupExits[offset] {
            try sequence(group[offset], position: groupPositions[offset], into: &batch)
        }
        for offset in 0..<count where !groupExits[offset] {
            try sequence(group[offset], position: groupPositions[offset], into: &batch)
        }
    }

    /// The position of a fill's bot and symbol, creating it (and checking its currency) on first sight.
    private func position(for record: FillRecord) throws(DryRunError) -> Int32 {
        let key = PositionTable.key(bot: record.bot, symbol: record.symbol)
        if let known = positionTable.find(key) { return known }
        try currencyCheck.check(symbol: symbols[Int(record.symbol)], at: locations.of(record), file: file)
        var bot = reportBot[Int(record.bot)]
        if bot < 0 {
            bot = Int32(botNames.count)
            reportBot[Int(record.bot)] = bot
            botNames.append(bots[Int(record.bot)])
        }
        let position = Int32(positionBot.count)
        positionTable.insert(key, position: position)
        positionBot.append(bot)
        baseQuantity.append(0)
        return position
    }

    /// Moves the baseline position by one fill and adds its step to `batch`.
    private func sequence(_ pending: PendingFill, position: Int32, into batch: inout ReplayBatch) throws(DryRunError) {
        let record = pending.record
        let held = baseQuantity[Int(position)]
        let signed = record.side == .buy ? record.quantity.units : -record.quantity.units
        let after = held + signed
        let isExit = held != 0 && (held > 0) != (signed > 0)
        if isExit && after != 0 && (after > 0) != (held > 0) {
            throw DryRunError(
                file: file,
                location: locations.of(record),
                message:
                    "the \(record.side) of \(record.quantity) \(symbols[Int(record.symbol)]) for bot "
                    + "'\(bots[Int(record.bot)])' crosses through flat "
                    + "(position \(FixedDecimal(units: held)) → \(FixedDecimal(units: after))); "
                    + "split it into an exit and an entry"
            )
        }
        baseQuantity[Int(position)] = after
        var clientOrderID: Int32 = -1
        if pending.clientOrderID >= 0 {
            clientOrderID = Int32(batch.clientOrderIDs.count)
            batch.clientOrderIDs.append(groupClientOrderIDs[Int(pending.clientOrderID)])
        }
        batch.steps.append(
            ReplayStep(
                record: record,
                held: held,
                index: pending.index,
                position: position,
                bot: positionBot[Int(position)],
                clientOrderID: clientOrderID,
                isExit: isExit,
                closesTrip: after == 0
            )
        )
    }
}

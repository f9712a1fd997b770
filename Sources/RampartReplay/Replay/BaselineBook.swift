import RampartRules

/// The replay's baseline: books every fill as it happened (no rules) and keeps each bot's record and the combined
/// equity curve, on a thread of its own beside the gated lanes, which never need its results.
///
/// Only its thread touches it until it is joined; then the caller reads the tallies, the curve and any failure.
final class BaselineBook: @unchecked Sendable {
    let file: String
    /// The baseline's profile: only its starting balance matters, `book` runs no rules.
    let profile: CompiledProfile
    private let locations: FillLocations
    @exclusivity(unchecked) private var state = RiskState()
    /// Source names by id, as the batches bring them.
    @exclusivity(unchecked) private var bots: [String] = []
    @exclusivity(unchecked) private var symbols: [String] = []
    /// Each bot's record, by the report's bot number.
    @exclusivity(unchecked) private(set) var tallies: [RecordTally] = []
    @exclusivity(unchecked) private(set) var curve = EquityCurve()
    /// Steps booked so far.
    @exclusivity(unchecked) private(set) var booked = 0
    /// The first fill that could not be booked: how many steps were booked before it, and why.
    @exclusivity(unchecked) private(set) var failure: (booked: Int, error: DryRunError)?

    /// A baseline under `profile` (the main profile, funding accounts on first use); `locations` reads the steps'
    /// locations.
    init(file: String, locations: FillLocations, profile: CompiledProfile) {
        self.file = file
        self.locations = locations
        self.profile = profile
    }

    /// Books every step of the batches from `input` (releasing each to `spare`) until it is closed and empty, or
    /// until a fill cannot be booked (then `failure` says which, and `input` is closed so that its writer stops
    /// waiting on it).
    func run(from input: HandOff<ReplayBatch>, spare: HandOff<ReplayBatch>) {
        while let batch = input.take() {
            defer { batch.release(to: spare) }
            bots.append(contentsOf: batch.newBots)
            symbols.append(contentsOf: batch.newSymbols)
            for step in batch.steps {
                do {
                    try book(step)
                } catch {
                    failure = (booked, error)
                    input.close()
                    return
                }
                booked += 1
            }
        }
    }

    /// Gives every bot up to `count` a record, so that the report covers them all.
    func reserve(bots count: Int) {
        while tallies.count < count { tallies.append(RecordTally(startingBalance: profile.startingBalance)) }
    }

    private func book(_ step: ReplayStep) throws(DryRunError) {
        let record = step.record
        let bot = Int(step.bot)
        if bot >= tallies.count { reserve(bots: bot + 1) }
        do {
            let botName = bots[Int(record.bot)]
            let outcome = try state.book(
                Fill(quantity: record.quantity, price: record.price, fee: record.fee),
                side: record.side,
                mode: .paper,
                bot: botName,
                account: botName,
                symbol: symbols[Int(record.symbol)],
                at: record.time,
                profile: profile
            )
            try tallies[bot].add(outcome, at: record.time)
            curve.add(outcome.realizedPnL, at: record.time)
        } catch {
            throw DryRunError(file: file, location: locations.of(record), message: "cannot book the fill: \(error)")
        }
    }
}

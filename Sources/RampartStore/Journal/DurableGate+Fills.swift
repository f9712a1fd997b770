public import RampartRules
import Synchronization

extension DurableGate {
    /// Books a fill of a permitted order and journals it; returns once the fill is durable.
    ///
    /// Throws `.fillNotJournaled` when the write failed: the fill stays booked in memory and is written with the next
    /// batch that commits (the venue filled, so forgetting it would be wrong).
    @discardableResult
    public func commit(_ permit: Permit, fill: Fill) async throws(DurableGateError) -> FillOutcome {
        guard let orderSequence = permits.withLock({ $0.removeValue(forKey: permit) }) else {
            throw .gate(.unknownPermit)
        }
        let gate = self.gate
        let booking = Booking()
        let (refusal, _, failure) = await writer.record {
            sequence,
            _ -> ([JournalEntry], GateError?, JournalWriter.AfterWrite?) in
            let now = clock()
            do throws(GateError) {
                _ = try gate.previewCommit(permit, fill: fill, partial: false, at: now)
            } catch {
                return ([], error, nil)
            }
            let row = FillRow(sequence: sequence, orderSequence: orderSequence, time: now, fill: fill, realizedPnL: nil)
            // Booked after the write, in journal order, whether it committed or not: the venue (or the paper
            // executor) filled, so forgetting it would be wrong; a failed write is retried with the next batch.
            return (
                [.fill(row)], nil,
                { _ in booking.book { () throws(GateError) in try gate.commit(permit, fill: fill, at: now) } }
            )
        }
        if let refusal {
            permits.withLock { $0[permit] = orderSequence }  // nothing changed; the permit is still open
            throw .gate(refusal)
        }
        let outcome = try Self.booked(booking)
        if let failure { throw .fillNotJournaled(outcome, failure) }
        return outcome
    }

    /// The outcome a post-write booking left; a refusal there (only an arithmetic range between preview and
    /// booking can do it) is reported as the gate's.
    private static func booked(_ booking: Booking) throws(DurableGateError) -> FillOutcome {
        switch booking.result {
        case .success(let outcome)?: return outcome
        case .failure(let error)?: throw .gate(error)
        case nil: throw .gate(.invalidFill("the fill was not booked"))
        }
    }

    /// Books one fill a bot reported for its bot-executed order and journals it with `fillID` and `priceCheck`; the
    /// rest stays reserved. Returns the outcome and what is still reserved (zero: the permit is settled) once the
    /// fill is durable. Throws `.fillNotJournaled` when the write failed (booked in memory, written with the next
    /// batch that commits), `.gate(.exceedsReservation)` for a fill above the rest (nothing changed).
    public func commitPart(
        _ permit: Permit,
        fill: Fill,
        fillID: String,
        priceCheck: PriceCheck
    ) async throws(DurableGateError) -> (outcome: FillOutcome, remaining: FixedDecimal) {
        guard let orderSequence = permits.withLock({ $0[permit] }) else { throw .gate(.unknownPermit) }
        let gate = self.gate
        let booking = Booking()
        let remaining = Booking.Remaining()
        let (refusal, _, failure) = await writer.record {
            sequence,
            _ -> ([JournalEntry], GateError?, JournalWriter.AfterWrite?) in
            let now = clock()
            do throws(GateError) {
                _ = try gate.previewCommit(permit, fill: fill, partial: true, at: now)
            } catch {
                return ([], error, nil)
            }
            let row = FillRow(
                sequence: sequence,
                orderSequence: orderSequence,
                time: now,
                fill: fill,
                realizedPnL: nil,
                fillID: fillID,
                priceCheck: priceCheck
            )
            return (
                [.fill(row)], nil,
                { _ in
                    booking.book { () throws(GateError) in
                        let booked = try gate.commitPart(permit, fill: fill, at: now)
                        remaining.quantity = booked.remaining
                        if booked.remaining == .zero { self.permits.withLock { _ = $0.removeValue(forKey: permit) } }
                        return booked.outcome
                    }
                }
            )
        }
        if let refusal { throw .gate(refusal) }
        let outcome = try Self.booked(booking)
        if let failure { throw .fillNotJournaled(outcome, failure) }
        return (outcome, remaining.quantity)
    }
}

/// The outcome of a fill booked after its write, handed from the writer's drain to the caller it resumes.
final class Booking: Sendable {
    private let slot = Mutex<Result<FillOutcome, GateError>?>(nil)

    var result: Result<FillOutcome, GateError>? {
        get { slot.withLock { $0 } }
        set { slot.withLock { $0 = newValue } }
    }

    /// What a partial fill left reserved, handed over like the outcome.
    final class Remaining: Sendable {
        private let slot = Mutex(FixedDecimal.zero)
        var quantity: FixedDecimal {
            get { slot.withLock { $0 } }
            set { slot.withLock { $0 = newValue } }
        }
    }

    /// Runs `book` and keeps its outcome.
    func book(_ book: () throws(GateError) -> FillOutcome) {
        do throws(GateError) {
            result = .success(try book())
        } catch {
            result = .failure(error)
        }
    }
}

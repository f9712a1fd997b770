public import RampartRules

/// What a paper executor does with a permit inside its decision's journal batch (`DurableGate.submit(execute:)`).
public enum InlineExecution: Sendable {
    /// Filled: booked once the batch is written.
    case fill(Fill)
    /// Rejected: the reservation is released in the same batch.
    case reject(String)
    /// A limit order that is not marketable: it rests, reserved, until `until`.
    case rest(until: Timestamp)
}

/// What became of a paper order executed in its decision's batch.
public enum InlineOutcome: Sendable {
    /// Filled and booked.
    case filled(Fill, FillOutcome)
    /// Released without a fill, for this reason.
    case rejected(String)
    /// Resting with its reservation held.
    case resting(since: Timestamp, expiresAt: Timestamp)
}

extension DurableGate {
    /// The journal row of an inline execution (numbered `next`) and what to do once it is written: a fill
    /// is previewed now (a refused one releases the permit instead) and booked after the write; a rejection
    /// releases at once; a resting order keeps its reservation.
    static func inline(
        _ execution: InlineExecution,
        permit: Permit,
        orderSequence: Int64,
        next: Int64,
        gate: Gate,
        booking: Booking
    ) -> (inline: InlineExecution, entry: JournalEntry, afterWrite: JournalWriter.AfterWrite?) {
        let now = permit.time
        switch execution {
        case .fill(let fill):
            do throws(GateError) {
                _ = try gate.previewCommit(permit, fill: fill, partial: false, at: now)
            } catch {
                return Self.inline(
                    .reject("the gate refused the paper fill: \(error)"),
                    permit: permit,
                    orderSequence: orderSequence,
                    next: next,
                    gate: gate,
                    booking: booking
                )
            }
            let row = FillRow(
                sequence: next,
                orderSequence: orderSequence,
                time: now,
                fill: fill,
                realizedPnL: nil,
                withOrder: true
            )
            return (
                execution, .fill(row),
                { failure in
                    guard failure == nil else { return }  // the order is denied: nothing to book
                    do throws(GateError) {
                        booking.result = .success(try gate.commit(permit, fill: fill, at: now))
                    } catch {
                        booking.result = .failure(error)
                    }
                }
            )
        case .reject(let reason):
            try? gate.release(permit)
            let row = ReleaseRow(
                sequence: next,
                orderSequence: orderSequence,
                time: now,
                reason: reason,
                withOrder: true
            )
            return (execution, .release(row), nil)
        case .rest(let expiresAt):
            let row = RestingRow(orderSequence: orderSequence, since: now, expiresAt: expiresAt, withOrder: true)
            return (execution, .resting(row), nil)
        }
    }
}

import Logging
public import RampartRules
import Synchronization

/// Orders through the durable gate: decided under the journal writer's lock, answered once their batch is durable.
extension DurableGate {
    /// Decides on `order`, journals the decision and returns it once it is durable (fail closed on write errors).
    ///
    /// With `externalUntil`, the order is bot-executed: when allowed, its reservation is journaled in the same batch
    /// as held until then (settle it with `commitPart` or `release`; recovery holds it again).
    ///
    /// With `execute` (a paper executor), an allowed order is executed at once and its fill, release or resting row
    /// goes in the decision's own batch: one write per paper order. The fill is booked in memory once that write
    /// committed; if it failed, the order is denied like any other and nothing is booked. `inline` in the answer
    /// says what happened.
    public func submit(
        _ order: Order,
        externalUntil: Timestamp? = nil,
        execute: (@Sendable (Permit) -> InlineExecution)? = nil
    ) async -> JournaledDecision {
        await withCheckedContinuation { waiter in
            submit(order, externalUntil: externalUntil, execute: execute) { waiter.resume(returning: $0) }
        }
    }

    /// `submit` without suspending: `completion` gets the answer once it is durable (at once when nothing was
    /// written; else on the journal writer's drain, so it must not block). The service's order route answers
    /// through this, without a task per order.
    public func submit(
        _ order: Order,
        externalUntil: Timestamp? = nil,
        execute: (@Sendable (Permit) -> InlineExecution)? = nil,
        then completion: @escaping @Sendable (JournaledDecision) -> Void
    ) {
        var lookedUp: UInt64?
        if let id = order.clientOrderID {
            let generation = forgetting.load(ordering: .acquiring)
            do throws(JournalError) {
                try recallClientOrderID(id)
            } catch {
                logger?.error("client order id lookup failed; denying", metadata: ["error": "\(error)"])
                return completion(JournaledDecision(decision: nil, permit: nil, sequence: nil, storageFailure: error))
            }
            lookedUp = generation
        }
        decide(order, externalUntil: externalUntil, execute: execute, lookedUp: lookedUp) { decided in
            guard let decided else {
                // Memory forgot client order ids meanwhile: look this one up again.
                return self.submit(order, externalUntil: externalUntil, execute: execute, then: completion)
            }
            completion(decided)
        }
    }

    /// `submit` once the order's client order id was looked up at `lookedUp`; `completion` gets nil when memory
    /// forgot ids since (look it up again).
    private func decide(
        _ order: Order,
        externalUntil: Timestamp?,
        execute: (@Sendable (Permit) -> InlineExecution)?,
        lookedUp: UInt64?,
        then completion: @escaping @Sendable (JournaledDecision?) -> Void
    ) {
        let booking = Booking()
        writer.record(
            { sequence, failure in
                rows(
                    for: order,
                    sequence: sequence,
                    failure: failure,
                    externalUntil: externalUntil,
                    execute: execute,
                    lookedUp: lookedUp,
                    booking: booking
                )
            },
            then: { outcome, sequence, failure in
                completion(self.settled(outcome, sequence: sequence, failure: failure, booking: booking))
            }
        )
    }

    /// The journal rows of `order` numbered from `sequence`, decided under the writer's lock (so the journal's
    /// order is the gate's): the decision, an external reservation, trading states its rule actions changed, and a
    /// paper order's inline execution. While the journal is failed, one denial made without the rules (its row
    /// probes whether the journal is back); none when memory forgot client order ids since `lookedUp`.
    private func rows(
        for order: Order,
        sequence: Int64,
        failure: JournalError?,
        externalUntil: Timestamp?,
        execute: (@Sendable (Permit) -> InlineExecution)?,
        lookedUp: UInt64?,
        booking: Booking
    ) -> ([JournalEntry], Submitted, JournalWriter.AfterWrite?) {
        let gate = self.gate
        if let lookedUp, forgetting.load(ordering: .acquiring) != lookedUp {
            return ([], Submitted(decision: nil, permit: nil, closedBy: nil, lookUpAgain: true), nil)
        }
        if let failure {
            // Fail closed without consulting the rules; this order's row probes whether the journal is back.
            let row = OrderRow(
                sequence: sequence,
                time: clock(),
                order: order,
                allowed: false,
                profileHash: gate.profile.hash,
                ruleIDs: JournaledDecision.storageRule,
                effect: nil,
                priceSource: nil,
                marketPrice: nil
            )
            return ([.order(row)], Submitted(decision: nil, permit: nil, closedBy: failure), nil)
        }
        let (decision, permit) = gate.submit(order)
        if permit != nil, let id = order.clientOrderID { rememberedIDs.withLock { $0.append((sequence, id)) } }
        let row = OrderRow(
            sequence: sequence,
            time: decision.time,
            order: order,
            allowed: decision.allowed,
            profileHash: decision.profileHash,
            ruleIDs: decision.ruleIDs.joined(separator: ","),
            effect: decision.effect,
            priceSource: decision.priceSource,
            marketPrice: decision.referencePrice,
            // Formatted only when the decision has findings: an allowed order without any pays nothing here.
            findings: decision.hasFindings
                ? JournalFindings.encode(violations: decision.violations, warnings: decision.warnings) : ""
        )
        // The order's row, and at most a fill and a trading state or two: one allocation, not one per append.
        var entries: [JournalEntry] = []
        entries.reserveCapacity(4)
        entries.append(.order(row))
        if let externalUntil, permit != nil {
            entries.append(.external(ExternalRow(orderSequence: sequence, expiresAt: externalUntil)))
        }
        for scope in Self.scopesChanged(by: decision, order: order) {
            let entry = gate.snapshot().tradingStateEntry(of: scope)
            let next = sequence + Int64(entries.count)
            entries.append(
                .tradingState(TradingStateRow(sequence: next, scope: scope, entry: entry, setAt: decision.time))
            )
        }
        var inline: InlineExecution?
        var afterWrite: JournalWriter.AfterWrite?
        if let permit, let execute {
            let executed = Self.inline(
                execute(permit),
                permit: permit,
                orderSequence: sequence,
                next: sequence + Int64(entries.count),
                gate: gate,
                booking: booking
            )
            inline = executed.inline
            entries.append(executed.entry)
            afterWrite = executed.afterWrite
        }
        return (
            entries, Submitted(decision: decision, permit: permit, closedBy: nil, inline: inline), afterWrite
        )
    }

    /// What a recorded order's batch ended in, as `submit` answers it; nil to look its client order id up again.
    private func settled(
        _ outcome: Submitted,
        sequence: Int64,
        failure: JournalError?,
        booking: Booking
    ) -> JournaledDecision? {
        if outcome.lookUpAgain { return nil }
        if let failure {
            if let permit = outcome.permit { try? gate.release(permit) }
            logger?.error("journal write failed; denying", metadata: ["error": "\(failure)"])
            return JournaledDecision(decision: outcome.decision, permit: nil, sequence: nil, storageFailure: failure)
        }
        if let closedBy = outcome.closedBy {
            return JournaledDecision(decision: nil, permit: nil, sequence: sequence, storageFailure: closedBy)
        }
        var executed: InlineOutcome?
        switch outcome.inline {
        case .fill(let fill)?:
            switch booking.result {
            case .success(let booked)?: executed = .filled(fill, booked)
            case .failure(let error)?:
                // Journaled but refused in memory after the preview passed: only an arithmetic range between the
                // two can do it. The journal holds the fill; recovery will refuse it too, so say so loudly.
                logger?.critical("paper fill journaled but not booked", metadata: ["error": "\(error)"])
                executed = .rejected("the gate refused the paper fill after journaling it: \(error)")
            case nil: executed = .rejected("the paper fill was not booked")
            }
        case .reject(let reason)?: executed = .rejected(reason)
        case .rest(let expiresAt)?:
            if let permit = outcome.permit { permits.withLock { $0[permit] = sequence } }
            executed = .resting(since: outcome.decision?.time ?? clock(), expiresAt: expiresAt)
        case nil:
            if let permit = outcome.permit { permits.withLock { $0[permit] = sequence } }
        }
        return JournaledDecision(
            decision: outcome.decision,
            permit: outcome.permit,
            sequence: sequence,
            storageFailure: nil,
            inline: executed
        )
    }

    private struct Submitted: Sendable {
        var decision: Decision?
        var permit: Permit?
        var closedBy: JournalError?
        var inline: InlineExecution? = nil
        var lookUpAgain = false
    }

    /// Scopes whose trading state a denied decision's rule actions may have changed.
    private static func scopesChanged(by decision: Decision, order: Order) -> [TradingScope] {
        guard !decision.allowed else { return [] }
        var scopes: [TradingScope] = []
        decision.forEachFinding { rule, enforced in
            guard enforced else { return }
            switch rule.action {
            case .haltBot, .reduceOnlyBot: if !scopes.contains(.bot(order.bot)) { scopes.append(.bot(order.bot)) }
            case .haltAccount: if !scopes.contains(.account(order.account)) { scopes.append(.account(order.account)) }
            case .deny, .warn: break
            }
        }
        return scopes
    }
}

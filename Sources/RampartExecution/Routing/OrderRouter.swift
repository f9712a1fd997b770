public import Logging
public import RampartRules

/// Runs permits through the paper or live executor and settles them with the gate, with transaction safety.
///
/// - A fill (whole or partial) is committed at the executed quantity and average price; the rest is released.
/// - A definite rejection or refusal releases the reservation: no position is left behind.
/// - An unknown outcome (timeout, dropped connection, 5xx) is never re-sent. The router queries the order by
///   its client order id with bounded retries: found → settled by its real state; reported absent after the
///   venue's late-arrival window → released; otherwise `.pending` with the reservation still held.
/// - An order still open on the venue is cancelled first, so nothing can fill after it is booked.
public struct OrderRouter: Sendable {
    private let settlement: any PermitSettlement
    private let paper: PaperExecutor?
    private let live: LiveExecutor?
    private let policy: ReconciliationPolicy
    private let logger: Logger

    /// Creates a router settling with `settlement` (`GateSettlement` in memory, the journaled gate in the service).
    public init(
        settlement: any PermitSettlement,
        paper: PaperExecutor? = nil,
        live: LiveExecutor? = nil,
        reconciliation: ReconciliationPolicy = ReconciliationPolicy(),
        logger: Logger
    ) {
        self.settlement = settlement
        self.paper = paper
        self.live = live
        self.policy = reconciliation
        self.logger = logger
    }

    /// The paper executor in use, if any.
    public var paperExecutor: PaperExecutor? { paper }

    /// The same router with another paper executor (a reloaded profile's `paper:` settings).
    public func replacingPaper(with paper: PaperExecutor?) -> OrderRouter {
        OrderRouter(settlement: settlement, paper: paper, live: live, reconciliation: policy, logger: logger)
    }

    /// Executes `permit` with the executor for its mode and settles it with the gate.
    public func route(_ permit: Permit) async -> ExecutionOutcome {
        switch permit.order.mode {
        case .paper: await routePaper(permit)
        case .live: await routeLive(permit)
        }
    }

    /// Tries again to settle an unresolved order from the venue's truth (operator runbook step).
    public func reconcile(_ order: UnresolvedOrder) async -> ExecutionOutcome {
        guard let live else { return .pending(order) }
        return await reconcile(
            order.permit,
            clientOrderID: order.clientOrderID,
            sentAt: order.sentAt,
            venue: live.venue,
            cause: order.reason
        )
    }

    private func routePaper(_ permit: Permit) async -> ExecutionOutcome {
        guard let paper else { return await released(permit, because: "no paper executor is configured") }
        switch paper.execute(permit) {
        case .reject(let rejection): return await released(permit, because: rejection.reason)
        case .rest:
            let since = permit.time
            let (expiry, overflow) = since.nanoseconds.addingReportingOverflow(paper.settings.restingTTL.nanoseconds)
            let expiresAt = Timestamp(nanoseconds: overflow ? .max : expiry)
            switch await settlement.settle(permit, restingUntil: expiresAt) {
            case .success:
                return .resting(RestingOrder(permit: permit, since: since, expiresAt: expiresAt))
            case .failure(let error):
                return await released(permit, because: "the resting order could not be recorded: \(error)")
            }
        case .fill(let fill):
            return await settlePaper(fill, permit)
        }
    }

    /// Books the fill of a resting paper order that a later quote crossed (see `PaperExecutor.fillResting`).
    public func fillResting(_ permit: Permit, with fill: Fill) async -> ExecutionOutcome {
        await settlePaper(fill, permit)
    }

    /// Commits a paper fill; a fill the gate refuses releases the permit.
    private func settlePaper(_ fill: Fill, _ permit: Permit) async -> ExecutionOutcome {
        switch await book(fill, permit) {
        case .booked(let outcome, let journalProblem):
            var routed = RoutedFill.paper(fill, outcome: outcome)
            routed.journalProblem = journalProblem
            return .filled(routed)
        case .refused(let error):
            return await released(permit, because: "the gate refused the paper fill: \(error)")
        }
    }

    private enum Booking {
        /// Booked; `journalProblem` is set when it is booked in memory but not yet journaled.
        case booked(FillOutcome, journalProblem: String?)
        /// The gate refused the fill; the permit is still open.
        case refused(GateError)
    }

    /// Commits `fill`; a fill booked in memory whose journal write failed still counts as booked.
    private func book(_ fill: Fill, _ permit: Permit) async -> Booking {
        switch await settlement.settle(permit, fill: fill) {
        case .success(let outcome):
            return .booked(outcome, journalProblem: nil)
        case .failure(.fillNotDurable(let outcome, let reason)):
            logger.error(
                "fill booked but not journaled",
                metadata: ["bot": "\(permit.order.bot)", "error": "\(reason)"]
            )
            return .booked(outcome, journalProblem: reason)
        case .failure(.refused(let error)):
            return .refused(error)
        case .failure(.releaseNotDurable(let reason)):
            return .refused(.invalidFill("unexpected answer to a commit: \(reason)"))
        }
    }

    private func routeLive(_ permit: Permit) async -> ExecutionOutcome {
        guard let live else { return await released(permit, because: "no live venue is configured") }
        let clientOrderID = ClientOrderID.of(permit)
        let attempt = await live.execute(permit, clientOrderID: clientOrderID)
        switch attempt.result {
        case .refused(let refusal): return await released(permit, because: refusal.description)
        case .rejected(let error): return await released(permit, because: error.description)
        case .answered(let status):
            return await settle(permit, status, venue: live.venue, sentAt: attempt.sentAt, reconciled: false)
        case .unknown(let error):
            logger.warning(
                "live order outcome unknown; reconciling by client order id",
                metadata: ["clientOrderID": "\(clientOrderID)", "error": "\(error)"]
            )
            return await reconcile(
                permit,
                clientOrderID: clientOrderID,
                sentAt: attempt.sentAt,
                venue: live.venue,
                cause: error.description
            )
        }
    }

    /// Looks the order up and settles it by what the venue says; never places anything.
    private func reconcile(
        _ permit: Permit,
        clientOrderID: String,
        sentAt: ContinuousClock.Instant,
        venue: any Venue,
        cause: String
    ) async -> ExecutionOutcome {
        switch await lookUp(clientOrderID, symbol: permit.order.symbol, sentAt: sentAt, venue: venue) {
        case .found(let status): return await settle(permit, status, venue: venue, sentAt: sentAt, reconciled: true)
        case .absent:
            return await released(permit, because: "\(cause); the venue confirms it has no order \(clientOrderID)")
        case .unknown(let reason):
            return unresolved(permit, clientOrderID, sentAt, "\(cause); reconciliation failed: \(reason)")
        }
    }

    private enum LookUp {
        case found(VenueOrderStatus)
        case absent
        case unknown(String)
    }

    /// Queries the order with bounded retries; "absent" only counts once the order can no longer arrive.
    private func lookUp(
        _ clientOrderID: String,
        symbol: String,
        sentAt: ContinuousClock.Instant,
        venue: any Venue
    ) async
        -> LookUp
    {
        let settledAfter = sentAt + venue.lateArrivalWindow + policy.absenceGrace
        var delay = policy.initialDelay
        var lastProblem = "no query made"
        for attempt in 1...policy.attempts {
            switch await venue.status(clientOrderID: clientOrderID, symbol: symbol) {
            case .success(let status?): return .found(status)
            case .success(nil):
                if ContinuousClock.now >= settledAfter { return .absent }
                lastProblem = "venue reports no order \(clientOrderID) yet, but the request could still arrive"
                if attempt < policy.attempts { try? await Task.sleep(until: settledAfter, clock: .continuous) }
                continue
            case .failure(let error):
                lastProblem = error.description
                logger.warning(
                    "order status query failed",
                    metadata: ["clientOrderID": "\(clientOrderID)", "attempt": "\(attempt)", "error": "\(error)"]
                )
            }
            if attempt < policy.attempts {
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, policy.maximumDelay)
            }
        }
        return .unknown("\(policy.attempts) status queries: \(lastProblem)")
    }

    /// Books a venue order by its state: open orders are cancelled first; executed quantity is committed.
    private func settle(
        _ permit: Permit,
        _ status: VenueOrderStatus,
        venue: any Venue,
        sentAt: ContinuousClock.Instant,
        reconciled: Bool
    ) async -> ExecutionOutcome {
        var status = status
        let clientOrderID = status.clientOrderID
        if !status.state.isFinal {
            switch await venue.cancel(clientOrderID: clientOrderID, symbol: permit.order.symbol) {
            case .success(let cancelled): status = cancelled
            case .failure(let error):
                // It may have filled or been cancelled meanwhile: ask what it is now.
                switch await lookUp(clientOrderID, symbol: permit.order.symbol, sentAt: sentAt, venue: venue) {
                case .found(let current): status = current
                case .absent, .unknown:
                    return unresolved(
                        permit,
                        clientOrderID,
                        sentAt,
                        "order open on the venue and the cancel failed: \(error)"
                    )
                }
            }
            guard status.state.isFinal else {
                return unresolved(
                    permit,
                    clientOrderID,
                    sentAt,
                    "order still \(status.state.rawValue) on the venue after a cancel"
                )
            }
        }
        guard status.executedQuantity.isPositive else {
            return await released(
                permit,
                because: "venue order \(clientOrderID) ended \(status.state.rawValue) with nothing executed"
            )
        }
        let fill: Fill
        let others: [VenueCommission]
        do throws(ArithmeticError) {
            (fill, others) = try Self.fill(from: status, quote: Self.quoteAsset(of: permit.order.symbol))
        } catch {
            return unresolved(
                permit,
                clientOrderID,
                sentAt,
                "venue executed \(status.executedQuantity) but the fill is out of range: \(error)"
            )
        }
        switch await book(fill, permit) {
        case .booked(let outcome, let journalProblem):
            if !others.isEmpty || status.fills.isEmpty {
                logger.notice(
                    "live fill booked with a quote fee that leaves out some commission",
                    metadata: ["clientOrderID": "\(clientOrderID)", "otherCommissions": "\(others)"]
                )
            }
            return .filled(
                RoutedFill(
                    fill: fill,
                    outcome: outcome,
                    clientOrderID: clientOrderID,
                    venueStatus: status,
                    otherCommissions: others,
                    commissionUnknown: status.fills.isEmpty,
                    reconciled: reconciled,
                    journalProblem: journalProblem
                )
            )
        case .refused(let error):
            return unresolved(
                permit,
                clientOrderID,
                sentAt,
                "venue executed \(status.executedQuantity) but the fill could not be booked: \(error)"
            )
        }
    }

    /// The gate fill for a venue status: executed quantity, average price `cummulativeQuoteQty / executedQty`
    /// (half-even), and the commissions charged in the quote asset; others are returned apart.
    static func fill(from status: VenueOrderStatus, quote: String) throws(ArithmeticError) -> (Fill, [VenueCommission])
    {
        let price = try status.cumulativeQuoteQuantity.divided(by: status.executedQuantity)
        var fee = FixedDecimal.zero
        var others: [VenueCommission] = []
        for fill in status.fills where !fill.commission.isZero {
            if fill.commissionAsset == quote {
                fee = try fee.adding(fill.commission)
            } else if let index = others.firstIndex(where: { $0.asset == fill.commissionAsset }) {
                others[index].amount = try others[index].amount.adding(fill.commission)
            } else {
                others.append(VenueCommission(asset: fill.commissionAsset, amount: fill.commission))
            }
        }
        return (Fill(quantity: status.executedQuantity, price: price, fee: fee), others)
    }

    /// `BTC/USDT` → `USDT`.
    static func quoteAsset(of symbol: String) -> String {
        symbol.split(separator: "/").last.map(String.init) ?? symbol
    }

    private func released(_ permit: Permit, because reason: String) async -> ExecutionOutcome {
        switch await settlement.settle(permit, releasing: reason) {
        case .success: return .rejected(reason: reason)
        case .failure(let error):
            logger.error("could not release a permit cleanly", metadata: ["reason": "\(reason)", "error": "\(error)"])
            return .rejected(reason: "\(reason) (release: \(error))")
        }
    }

    private func unresolved(
        _ permit: Permit,
        _ clientOrderID: String,
        _ sentAt: ContinuousClock.Instant,
        _ reason: String
    )
        -> ExecutionOutcome
    {
        logger.error(
            "live order unresolved; reservation held, operator action needed",
            metadata: [
                "clientOrderID": "\(clientOrderID)", "bot": "\(permit.order.bot)",
                "symbol": "\(permit.order.symbol)", "reason": "\(reason)",
            ]
        )
        return .pending(
            UnresolvedOrder(permit: permit, clientOrderID: clientOrderID, reason: reason, sentAt: sentAt)
        )
    }
}

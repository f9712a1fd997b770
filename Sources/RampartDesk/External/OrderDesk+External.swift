import Logging
public import RampartRules
import RampartStore

extension OrderDesk {
    /// Decides on a bot-executed order and, when allowed, holds its reservation (journaled with the decision) until
    /// the bot reports fills, releases it, or `externalTTL` runs out.
    func processExternal(_ order: Order) async -> OrderOutcome {
        let expiresAt = clock().saturatingAdding(externalTTL)
        let journaled = await gate.submit(order, externalUntil: expiresAt)
        if let refusal = storageRefusal(of: journaled) { return .storageRefused(refusal) }
        guard let decision = journaled.decision else { return .storageRefused(unanswered) }
        guard let permit = journaled.permit else { return .decided(decision, execution: nil) }
        let reserved = ExternalOrder(permit: permit, expiresAt: expiresAt)
        await external.add(reserved)
        return .reserved(decision, reserved)
    }

    /// Books a fill the bot reports for its bot-executed order `clientOrderID`, if `permitted` says the caller may
    /// act for the order. `fill.priceSource` is set here: `market` only when the price checks `ok` against a fresh
    /// quote. The same `fillID` again answers the first booking (`replayed`), never a second one.
    public func reportFill(
        clientOrderID id: String,
        fillID: String,
        fill reported: Fill,
        permitted: (Order) -> Bool
    ) async -> Result<ExternalFillReport, ExternalOrderError> {
        switch await external.claim(id, fillID: fillID) {
        case .inFlight: return .failure(.fillInFlight(id, fillID: fillID))
        case .repeated: return journaledReport(id, fillID: fillID, reported: reported, held: await external.order(id))
        case .notHeld: return closedOrderAnswer(id, fillID: fillID, reported: reported)
        case .book(let order):
            guard permitted(order.permit.order) else {
                await external.finish(id, fillID: fillID, booked: nil)
                return .failure(.outOfScope(id))
            }
            return await book(reported, fillID: fillID, of: order)
        }
    }

    private func book(
        _ reported: Fill,
        fillID: String,
        of order: ExternalOrder
    ) async
        -> Result<ExternalFillReport, ExternalOrderError>
    {
        let id = order.clientOrderID
        let side = order.permit.order.side
        let (check, market) = PriceCheck.of(
            reported.price,
            side: side,
            quote: freshQuote(for: order.permit.order.symbol),
            tolerance: gate.profile.quoteTolerance
        )
        var fill = reported
        fill.priceSource = check == .ok ? .market : .caller
        let booked: (outcome: FillOutcome, remaining: FixedDecimal)
        do throws(DurableGateError) {
            booked = try await gate.commitPart(order.permit, fill: fill, fillID: fillID, priceCheck: check)
        } catch {
            switch error {
            case .gate(.exceedsReservation(let remaining)):
                await external.finish(id, fillID: fillID, booked: nil)
                return .failure(.exceedsReservation(id, remaining: remaining, requested: fill.quantity))
            case .gate(.unknownPermit):
                await external.finish(id, fillID: fillID, booked: nil)
                return .failure(.closed(id, status: "released"))
            case .gate(let refusal):
                await external.finish(id, fillID: fillID, booked: nil)
                return .failure(.invalid(id, reason: "\(refusal)"))
            case .fillNotJournaled(_, let failure), .journal(let failure):
                // Booked in memory: the fill id is spent, the write is retried with the next batch.
                let remaining = (try? gate.reservedQuantity(of: order.permit)) ?? .zero
                await external.finish(id, fillID: fillID, booked: (fill.quantity, remaining))
                return .failure(.notPersisted(id, reason: "\(failure)"))
            }
        }
        await external.finish(id, fillID: fillID, booked: (fill.quantity, booked.remaining))
        if check == .offMarket {
            logger.warning(
                "bot-reported fill is off the market; booked and flagged",
                metadata: [
                    "clientOrderID": "\(id)", "fillID": "\(fillID)", "price": "\(fill.price)",
                    "market": "\(market.map(\.description) ?? "-")",
                ]
            )
        }
        return .success(
            ExternalFillReport(
                clientOrderID: id,
                fillID: fillID,
                fill: fill,
                priceCheck: check,
                marketPrice: market,
                realizedPnL: booked.outcome.realizedPnL,
                orderQuantity: order.permit.order.quantity,
                filled: FixedDecimal(units: order.permit.order.quantity.units - booked.remaining.units),
                expiresAt: order.expiresAt,
                replayed: false
            )
        )
    }

    /// The answer to a fill id booked before: the first booking when the numbers match, a conflict otherwise.
    private func journaledReport(
        _ id: String,
        fillID: String,
        reported: Fill,
        held: ExternalOrder?
    ) -> Result<ExternalFillReport, ExternalOrderError> {
        let first: JournaledFill?
        let record: JournaledOrderRecord?
        do {
            first = try gate.journaledFill(clientOrderID: id, fillID: fillID)
            record = try gate.journaledDecision(clientOrderID: id)
        } catch {
            return .failure(.unreadable(id, reason: "\(error)"))
        }
        guard let first, case .external(let quantity, let filled, let releasedAs, let expiresAt)? = record?.execution
        else {
            return .failure(.unknownOrder(id))
        }
        guard first.fill.quantity == reported.quantity, first.fill.price == reported.price,
            first.fill.fee == reported.fee
        else { return .failure(.fillIDConflict(id, fillID: fillID)) }
        return .success(
            ExternalFillReport(
                clientOrderID: id,
                fillID: fillID,
                fill: first.fill,
                priceCheck: first.priceCheck,
                marketPrice: nil,
                realizedPnL: first.realizedPnL,
                orderQuantity: quantity,
                filled: filled,
                expiresAt: expiresAt,
                replayed: true,
                releasedAs: releasedAs
            )
        )
    }

    /// The answer for a client order id no reservation is held under: a repeated fill of a closed order, the
    /// order's status, or unknown.
    private func closedOrderAnswer(
        _ id: String,
        fillID: String,
        reported: Fill
    ) -> Result<ExternalFillReport, ExternalOrderError> {
        let record: JournaledOrderRecord?
        do {
            record = try gate.journaledDecision(clientOrderID: id)
        } catch {
            return .failure(.unreadable(id, reason: "\(error)"))
        }
        guard case .external(let quantity, let filled, let releasedBecause, _)? = record?.execution else {
            return .failure(.unknownOrder(id))
        }
        if case .success(let report) = journaledReport(id, fillID: fillID, reported: reported, held: nil) {
            return .success(report)
        }
        if (try? gate.journaledFill(clientOrderID: id, fillID: fillID)) != nil {
            return .failure(.fillIDConflict(id, fillID: fillID))
        }
        let status = releasedBecause ?? (filled >= quantity ? "filled" : "released")
        return .failure(.closed(id, status: status))
    }

    /// Releases what a bot-executed order still has reserved (`DELETE /v1/orders/{client_order_id}`), if
    /// `permitted` says the caller may act for it; journaled as `cancelled`.
    public func releaseExternal(
        clientOrderID id: String,
        permitted: (Order) -> Bool
    ) async
        -> Result<ExternalOrder, ExternalOrderError>
    {
        guard let order = await external.take(id) else {
            if await external.isBusy(id) { return .failure(.fillInFlight(id, fillID: "")) }
            // Not held: a bot-executed order that already ended says how; anything else is unknown.
            guard
                case .external(let quantity, let filled, let releasedBecause, _)? =
                    try? gate.journaledDecision(clientOrderID: id)?.execution
            else { return .failure(.unknownOrder(id)) }
            return .failure(.closed(id, status: releasedBecause ?? (filled >= quantity ? "filled" : "released")))
        }
        guard permitted(order.permit.order) else {
            await external.add(order)
            return .failure(.outOfScope(id))
        }
        do throws(DurableGateError) {
            try await gate.release(order.permit, reason: "cancelled")
        } catch {
            if case .gate = error { return .failure(.closed(id, status: "released")) }
            return .failure(.notPersisted(id, reason: "\(error)"))
        }
        return .success(order)
    }

    /// Whether a bot-executed order is held under `clientOrderID` now.
    public func holdsExternalOrder(_ clientOrderID: String) async -> Bool {
        await external.order(clientOrderID) != nil
    }

    /// Releases the bot-executed orders whose reservation expired (journal reason `expired`), audited as
    /// `external.expired`; returns how many.
    @discardableResult
    public func expireExternalOrders() async -> Int {
        let expired = await external.takeExpired(at: clock())
        for order in expired {
            do throws(DurableGateError) {
                try await gate.release(order.permit, reason: "expired")
            } catch {
                logger.error(
                    "expired bot-executed order not released cleanly",
                    metadata: ["clientOrderID": "\(order.clientOrderID)", "error": "\(error)"]
                )
            }
            auditExpiry(
                order.clientOrderID,
                details: "bot=\(order.permit.order.bot) filled=\(order.filled) released=\(order.remaining)"
            )
        }
        return expired.count
    }

    /// Audits a bot-executed order's reservation released because it expired.
    func auditExpiry(_ clientOrderID: String, details: String) {
        do {
            try audit.append(
                actor: "service",
                action: "external.expired",
                details: "client_order_id=\(clientOrderID) \(details)"
            )
        } catch {
            logger.error("expiry of a bot-executed order not audited", metadata: ["error": "\(error)"])
        }
    }

    /// Every held bot-executed order, oldest decision first.
    public func externalOrders() async -> [ExternalOrder] { await external.list() }

    /// The quote held for `symbol` when it is fresh now.
    private func freshQuote(for symbol: String) -> Quote? {
        guard let quote = gate.quote(for: symbol), quote.age(at: clock()) <= gate.profile.quoteMaxAge.nanoseconds
        else { return nil }
        return quote
    }
}

import RampartDesk
import RampartJSON
import RampartRules

/// JSON shapes of bot-executed orders, their fills, and backtest sessions.
extension ResponseEncoding {
    /// `{"status":"reserved","client_order_id","quantity","filled_quantity","remaining_quantity","expires_at"}`.
    static func reservation(_ order: ExternalOrder) -> JSONValue {
        .object([
            JSONMember("status", .string("reserved")),
            JSONMember("client_order_id", .string(order.clientOrderID)),
            JSONMember("quantity", .string(order.permit.order.quantity.description)),
            JSONMember("filled_quantity", .string(order.filled.description)),
            JSONMember("remaining_quantity", .string(order.remaining.description)),
            JSONMember(
                "expires_at",
                order.expiresAt.nanoseconds == .max ? .null : .string(order.expiresAt.description)
            ),
        ])
    }

    /// A held bot-executed order in `/v1/state` (`external_orders`) and session summaries.
    static func heldExternal(_ order: ExternalOrder) -> JSONValue {
        let placed = order.permit.order
        return .object([
            JSONMember("client_order_id", .string(order.clientOrderID)),
            JSONMember("bot", .string(placed.bot)),
            JSONMember("account", .string(placed.account)),
            JSONMember("symbol", .string(placed.symbol)),
            JSONMember("side", .string(placed.side.description)),
            JSONMember("quantity", .string(placed.quantity.description)),
            JSONMember("filled_quantity", .string(order.filled.description)),
            JSONMember("remaining_quantity", .string(order.remaining.description)),
            JSONMember("decided_at", .string(order.permit.time.description)),
            JSONMember(
                "expires_at",
                order.expiresAt.nanoseconds == .max ? .null : .string(order.expiresAt.description)
            ),
        ])
    }

    /// The answer to a reported fill.
    static func fillReport(_ report: ExternalFillReport) -> JSONValue {
        .object([
            JSONMember("client_order_id", .string(report.clientOrderID)),
            JSONMember("fill_id", .string(report.fillID)),
            JSONMember("quantity", .string(report.fill.quantity.description)),
            JSONMember("price", .string(report.fill.price.description)),
            JSONMember("fee", .string(report.fill.fee.description)),
            JSONMember("price_check", .string(report.priceCheck.description)),
            JSONMember("market_price", report.marketPrice.map { .string($0.description) } ?? .null),
            JSONMember("price_source", .string(report.fill.priceSource.description)),
            JSONMember("realized_pnl", report.realizedPnL.map { .string($0.description) } ?? .null),
            JSONMember(
                "order",
                .object([
                    JSONMember("status", .string(report.orderStatus)),
                    JSONMember("quantity", .string(report.orderQuantity.description)),
                    JSONMember("filled_quantity", .string(report.filled.description)),
                    JSONMember("remaining_quantity", .string(report.remaining.description)),
                    JSONMember(
                        "expires_at",
                        report.expiresAt.flatMap { $0.nanoseconds == .max ? nil : JSONValue.string($0.description) }
                            ?? .null
                    ),
                ])
            ),
            JSONMember("replayed", .bool(report.replayed)),
        ])
    }

    /// The answer to `DELETE` of a bot-executed order: what was filled and what was released.
    static func externalCancel(_ order: ExternalOrder) -> JSONValue {
        .object([
            JSONMember("status", .string("cancelled")),
            JSONMember("client_order_id", .string(order.clientOrderID)),
            JSONMember("quantity", .string(order.permit.order.quantity.description)),
            JSONMember("filled_quantity", .string(order.filled.description)),
            JSONMember("released_quantity", .string(order.remaining.description)),
        ])
    }

    /// The API error for a refused fill report or release.
    static func externalError(_ error: ExternalOrderError) -> APIError {
        let message = error.description
        switch error {
        case .unknownOrder: return APIError(404, "unknown_order", message)
        case .closed(_, let status):
            return APIError(409, "order_closed", message, details: .object([JSONMember("status", .string(status))]))
        case .exceedsReservation(_, let remaining, _):
            return APIError(
                409,
                "exceeds_reservation",
                message,
                details: .object([
                    JSONMember("key", .string("quantity")), JSONMember("remaining", .string(remaining.description)),
                ])
            )
        case .fillIDConflict:
            return APIError(409, "fill_id_conflict", message, details: .object([JSONMember("key", .string("fill_id"))]))
        case .fillInFlight: return APIError(409, "fill_in_flight", message)
        case .outOfScope: return APIError(403, "out_of_scope", message)
        case .invalid: return APIError(400, "bad_request", message)
        case .notPersisted: return APIError(503, "not_persisted", message)
        case .unreadable: return APIError(503, "journal_unreadable", message)
        }
    }

    /// A session's identity: id, profile, hash, starting balance, times.
    static func sessionMembers(_ session: BacktestSession, expiresAt: Timestamp) -> [JSONMember] {
        [
            JSONMember("session_id", .string(session.id)),
            JSONMember("profile", .string(session.profile.name)),
            JSONMember("profile_hash", .string(session.profile.hash)),
            JSONMember(
                "starting_balance",
                .string((session.startingBalance ?? session.profile.startingBalance).description)
            ),
            JSONMember("owner", .string(session.owner)),
            JSONMember("created_at", .string(session.createdAt.description)),
            JSONMember("expires_at", .string(expiresAt.description)),
        ]
    }

    /// A session's state: identity, counts, open reservations, accounts and positions at its own time.
    static func session(_ session: BacktestSession, expiresAt: Timestamp) -> JSONValue {
        let summary = session.summary()
        let state = summary.state
        let accounts = state.accountNames.compactMap { name -> JSONValue? in
            guard let account = state.summary(ofAccount: name) else { return nil }
            return .object([
                JSONMember("account", .string(name)),
                JSONMember("equity", .string(account.equity.description)),
                JSONMember("realized_pnl", .string(account.realizedPnL.description)),
                JSONMember("gross_exposure", .string(account.grossExposure.description)),
            ])
        }
        let positions = state.openPositions.map { position in
            JSONValue.object([
                JSONMember("bot", .string(position.bot)),
                JSONMember("account", .string(position.account)),
                JSONMember("symbol", .string(position.symbol)),
                JSONMember("quantity", .string(position.quantity.description)),
                JSONMember("average_entry", .string(position.averageEntry.description)),
            ])
        }
        return .object(
            sessionMembers(session, expiresAt: expiresAt) + [
                JSONMember("last_time", summary.lastTime.map { .string($0.description) } ?? .null),
                JSONMember("allowed", .number(String(summary.allowed))),
                JSONMember("denied", .number(String(summary.denied))),
                JSONMember("fills", .number(String(summary.fills))),
                JSONMember("open_orders", .array(summary.openOrders.map(heldExternal))),
                JSONMember("accounts", .array(accounts)),
                JSONMember("positions", .array(positions)),
            ]
        )
    }
}

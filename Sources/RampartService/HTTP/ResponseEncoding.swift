import RampartJSON
import RampartRules

/// JSON shapes of the service's answers.
enum ResponseEncoding {
    /// A decision (`check`) or a desk result (`orders`): allowed, violations, warnings, profile hash, execution.
    static func decision(_ decision: Decision, order: Order, result: DeskResult? = nil) -> JSONValue {
        var violations = decision.violations.map(\.json)
        if let failure = result?.storageFailure {
            violations = [
                .object([
                    JSONMember("rule", .string("storage")),
                    JSONMember("check", .string("storage")),
                    JSONMember("limit", .string("a durable journal")),
                    JSONMember("actual", .string("journal unavailable")),
                    JSONMember("message", .string(failure)),
                ])
            ]
        }
        var warnings = decision.warnings.map(\.json)
        var profileHash = decision.profileHash
        var decidedAt = decision.time
        if let earlier = result?.earlier {
            // Decided before a restart: the journal keeps the rule ids, not the messages.
            violations = earlier.ruleIDs.map { rule in
                .object([
                    JSONMember("rule", .string(rule)),
                    JSONMember("message", .string("decided before a restart; the journal keeps the rule id")),
                ])
            }
            warnings = []
            profileHash = earlier.profileHash
            decidedAt = earlier.decidedAt
        }
        var members = [
            JSONMember("allowed", .bool(result?.allowed ?? decision.allowed)),
            JSONMember("violations", .array(violations)),
            JSONMember("warnings", .array(warnings)),
            JSONMember("profile_hash", .string(profileHash)),
            JSONMember("decided_at", .string(decidedAt.description)),
            JSONMember("client_order_id", order.clientOrderID.map(JSONValue.string) ?? .null),
        ]
        if let result {
            members.append(JSONMember("execution", result.execution.map(execution) ?? .null))
            members.append(JSONMember("replayed", .bool(result.replayed)))
        }
        return .object(members)
    }

    static func execution(_ result: ExecutionResult) -> JSONValue {
        switch result {
        case .filled(let fill):
            .object([
                JSONMember("status", .string("filled")),
                JSONMember("quantity", .string(fill.quantity.description)),
                JSONMember("price", .string(fill.price.description)),
                JSONMember("fee", .string(fill.fee.description)),
            ])
        case .rejected(let reason):
            .object([JSONMember("status", .string("rejected")), JSONMember("reason", .string(reason))])
        case .pending(let clientOrderID, let reason):
            .object([
                JSONMember("status", .string("pending")),
                JSONMember("client_order_id", .string(clientOrderID)),
                JSONMember("reason", .string(reason)),
            ])
        }
    }

    /// `{"file", "line", "column", "severity", "message", "text"}` for one diagnostic.
    static func diagnostic(_ diagnostic: Diagnostic) -> JSONValue {
        .object([
            JSONMember("file", .string(diagnostic.location.file)),
            JSONMember("line", .number(String(diagnostic.location.line))),
            JSONMember("column", .number(String(diagnostic.location.column))),
            JSONMember("severity", .string(diagnostic.severity.rawValue)),
            JSONMember("message", .string(diagnostic.message)),
            JSONMember("text", .string(diagnostic.description)),
        ])
    }

    /// `GET /v1/state`.
    static func state(
        _ state: RiskState,
        operatorStates: [TradingStateRecord],
        bots: [String],
        accounts: [String],
        pendingLiveOrders: [PendingLiveOrder],
        profileHash: String,
        now: Timestamp
    ) -> JSONValue {
        let scopes = operatorStates.map { record in
            JSONValue.object([
                JSONMember("scope", .string(record.scope.description)),
                JSONMember("state", .string(record.state.description)),
                JSONMember("in_force", .string(state.tradingState(of: record.scope, at: now).description)),
                JSONMember("reason", .string(record.reason)),
            ])
        }
        let accountValues = accounts.compactMap { name -> JSONValue? in
            guard let summary = state.summary(ofAccount: name) else { return nil }
            return .object([
                JSONMember("account", .string(name)),
                JSONMember("trading", .string(state.tradingState(of: .account(name), at: now).description)),
                JSONMember("equity", .string(summary.equity.description)),
                JSONMember("realized_pnl", .string(summary.realizedPnL.description)),
                JSONMember("daily_realized_pnl", .string(summary.dailyRealizedPnL.description)),
                JSONMember("peak_equity", .string(summary.peakEquity.description)),
                JSONMember("gross_exposure", .string(summary.grossExposure.description)),
            ])
        }
        let botValues = bots.compactMap { name -> JSONValue? in
            guard let record = state.record(ofBot: name) else { return nil }
            return .object([
                JSONMember("bot", .string(name)),
                JSONMember("trading", .string(state.tradingState(of: .bot(name), at: now).description)),
                JSONMember("closed_trades", .number(String(record.closedTrades))),
                JSONMember("wins", .number(String(record.wins))),
                JSONMember("realized_pnl", .string(record.realizedPnL.description)),
                JSONMember("open_positions", .number(String(record.openPositions))),
                JSONMember("first_fill_time", record.firstFillTime.map { .string($0.description) } ?? .null),
            ])
        }
        let pending = pendingLiveOrders.map { pending in
            JSONValue.object([
                JSONMember("client_order_id", .string(pending.clientOrderID)),
                JSONMember("bot", .string(pending.order.bot)),
                JSONMember("account", .string(pending.order.account)),
                JSONMember("symbol", .string(pending.order.symbol)),
                JSONMember("side", .string(pending.order.side.description)),
                JSONMember("quantity", .string(pending.order.quantity.description)),
                JSONMember("reason", .string(pending.reason)),
            ])
        }
        return .object([
            JSONMember("global", .string(state.tradingState(of: .global, at: now).description)),
            JSONMember("operator_states", .array(scopes)),
            JSONMember("accounts", .array(accountValues)),
            JSONMember("bots", .array(botValues)),
            JSONMember("pending_live_orders", .array(pending)),
            JSONMember("profile_hash", .string(profileHash)),
            JSONMember("as_of", .string(now.description)),
        ])
    }
}

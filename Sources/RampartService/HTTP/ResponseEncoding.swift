import RampartDesk
import RampartExecution
import RampartJSON
import RampartRules

/// JSON shapes of the service's answers.
enum ResponseEncoding {
    /// A decision of `check`: allowed, violations, warnings, profile hash, time, client order id.
    static func decision(_ decision: Decision, order: Order) -> JSONValue {
        .object(
            decisionMembers(
                allowed: decision.allowed,
                violations: decision.violations.map(\.json),
                warnings: decision.warnings.map(\.json),
                profileHash: decision.profileHash,
                decidedAt: decision.time,
                order: order
            )
        )
    }

    /// The answer of `orders`: the decision's members, then `execution` and `replayed`.
    static func outcome(_ outcome: OrderOutcome, order: Order, replayed: Bool = false) -> JSONValue {
        var members: [JSONMember]
        var execution = JSONValue.null
        switch outcome {
        case .decided(let decision, let executed):
            members = decisionMembers(
                allowed: decision.allowed,
                violations: decision.violations.map(\.json),
                warnings: decision.warnings.map(\.json),
                profileHash: decision.profileHash,
                decidedAt: decision.time,
                order: order
            )
            execution = executed.map(Self.execution) ?? .null
        case .storageRefused(let refusal):
            let storage = JSONValue.object([
                JSONMember("rule", .string("storage")),
                JSONMember("check", .string("storage")),
                JSONMember("limit", .string("a durable journal")),
                JSONMember("actual", .string("journal unavailable")),
                JSONMember("message", .string(refusal.reason)),
            ])
            members = decisionMembers(
                allowed: false,
                violations: [storage],
                warnings: refusal.warnings.map(\.json),
                profileHash: refusal.profileHash,
                decidedAt: refusal.time,
                order: order
            )
        case .journaled(let answer):
            // Decided before a restart: the journal keeps the rule ids, not the messages.
            let violations = answer.ruleIDs.map { rule in
                JSONValue.object([
                    JSONMember("rule", .string(rule)),
                    JSONMember("message", .string("decided before a restart; the journal keeps the rule id")),
                ])
            }
            members = decisionMembers(
                allowed: answer.allowed,
                violations: violations,
                warnings: [],
                profileHash: answer.profileHash,
                decidedAt: answer.decidedAt,
                order: order
            )
            return .object(members + [JSONMember("execution", .null), JSONMember("replayed", .bool(true))])
        case .replayed(let first):
            return Self.outcome(first, order: order, replayed: true)
        }
        members.append(JSONMember("execution", execution))
        members.append(JSONMember("replayed", .bool(replayed)))
        return .object(members)
    }

    private static func decisionMembers(
        allowed: Bool,
        violations: [JSONValue],
        warnings: [JSONValue],
        profileHash: String,
        decidedAt: Timestamp,
        order: Order
    ) -> [JSONMember] {
        [
            JSONMember("allowed", .bool(allowed)),
            JSONMember("violations", .array(violations)),
            JSONMember("warnings", .array(warnings)),
            JSONMember("profile_hash", .string(profileHash)),
            JSONMember("decided_at", .string(decidedAt.description)),
            JSONMember("client_order_id", order.clientOrderID.map(JSONValue.string) ?? .null),
        ]
    }

    /// What became of an allowed order: `filled`, `rejected` or `pending` (reservation held, reconciling).
    static func execution(_ outcome: ExecutionOutcome) -> JSONValue {
        switch outcome {
        case .filled(let routed):
            .object([
                JSONMember("status", .string("filled")),
                JSONMember("quantity", .string(routed.fill.quantity.description)),
                JSONMember("price", .string(routed.fill.price.description)),
                JSONMember("fee", .string(routed.fill.fee.description)),
            ])
        case .rejected(let reason):
            .object([JSONMember("status", .string("rejected")), JSONMember("reason", .string(reason))])
        case .pending(let order):
            .object([
                JSONMember("status", .string("pending")),
                JSONMember("client_order_id", .string(order.clientOrderID)),
                JSONMember("reason", .string(order.reason)),
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
        pendingLiveOrders: [UnresolvedOrder],
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
                JSONMember("bot", .string(pending.permit.order.bot)),
                JSONMember("account", .string(pending.permit.order.account)),
                JSONMember("symbol", .string(pending.permit.order.symbol)),
                JSONMember("side", .string(pending.permit.order.side.description)),
                JSONMember("quantity", .string(pending.permit.order.quantity.description)),
                JSONMember("reason", .string(pending.reason)),
            ])
        }
        let positions = state.openPositions.map { position in
            JSONValue.object([
                JSONMember("bot", .string(position.bot)),
                JSONMember("account", .string(position.account)),
                JSONMember("symbol", .string(position.symbol)),
                JSONMember("quantity", .string(position.quantity.description)),
                JSONMember("average_entry", .string(position.averageEntry.description)),
                JSONMember("entry_value", .string(position.entryValue.description)),
            ])
        }
        return .object([
            JSONMember("global", .string(state.tradingState(of: .global, at: now).description)),
            JSONMember("operator_states", .array(scopes)),
            JSONMember("accounts", .array(accountValues)),
            JSONMember("bots", .array(botValues)),
            JSONMember("positions", .array(positions)),
            JSONMember("pending_live_orders", .array(pending)),
            JSONMember("profile_hash", .string(profileHash)),
            JSONMember("as_of", .string(now.description)),
        ])
    }
}

import RampartDesk
import RampartExecution
import RampartJSON
import RampartRules
import RampartStore

/// JSON shapes of the service's answers.
enum ResponseEncoding {
    /// A decision of `check`: allowed, violations, warnings, profile hash, time, client order id.
    static func decision(_ decision: Decision, order: Order) -> JSONValue {
        .object(decidedMembers(decision, order: order))
    }

    /// A decision's members, its prices included.
    private static func decidedMembers(_ decision: Decision, order: Order) -> [JSONMember] {
        decisionMembers(
            allowed: decision.allowed,
            violations: decision.violations.map(\.json),
            warnings: decision.warnings.map(\.json),
            profileHash: decision.profileHash,
            decidedAt: decision.time,
            order: order
        ) + priceMembers(decision)
    }

    /// `price_source` (`market` or `caller`) and `reference_price` (what the order was judged at).
    private static func priceMembers(_ decision: Decision) -> [JSONMember] {
        [
            JSONMember("price_source", decision.priceSource.map { .string($0.description) } ?? .null),
            JSONMember("reference_price", decision.referencePrice.map { .string($0.description) } ?? .null),
        ]
    }

    /// The answer of `orders`: the decision's members, then `execution` and `replayed`.
    static func outcome(_ outcome: OrderOutcome, order: Order, replayed: Bool = false) -> JSONValue {
        var members: [JSONMember]
        var execution = JSONValue.null
        switch outcome {
        case .decided(let decision, let executed):
            members = decidedMembers(decision, order: order)
            execution = executed.map(Self.execution) ?? .null
        case .reserved(let decision, let reserved):
            members = decidedMembers(decision, order: order)
            execution = Self.reservation(reserved)
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
            // Decided before a restart: the journal keeps the findings in full (decisions journaled by older versions
            // keep only their rule ids).
            let violations =
                answer.violations?.map(\.json)
                ?? answer.ruleIDs.map { rule in
                    JSONValue.object([
                        JSONMember("rule", .string(rule)),
                        JSONMember("message", .string("decided before a restart; the journal keeps the rule id")),
                    ])
                }
            members = decisionMembers(
                allowed: answer.allowed,
                violations: violations,
                warnings: answer.warnings?.map(\.json) ?? [],
                profileHash: answer.profileHash,
                decidedAt: answer.decidedAt,
                order: order
            )
            let prices = [
                JSONMember("price_source", answer.priceSource.map { .string($0.description) } ?? .null),
                JSONMember("reference_price", answer.referencePrice.map { .string($0.description) } ?? .null),
            ]
            let execution = journaledExecution(answer.execution)
            return .object(
                members + prices + [JSONMember("execution", execution), JSONMember("replayed", .bool(true))]
            )
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

    /// What became of an allowed order: `filled`, `rejected`, `pending` (reservation held, reconciling) or
    /// `resting` (a paper limit order waiting for the market).
    static func execution(_ outcome: ExecutionOutcome) -> JSONValue {
        switch outcome {
        case .filled(let routed):
            .object([
                JSONMember("status", .string("filled")),
                JSONMember("quantity", .string(routed.fill.quantity.description)),
                JSONMember("price", .string(routed.fill.price.description)),
                JSONMember("fee", .string(routed.fill.fee.description)),
                JSONMember("price_source", .string(routed.fill.priceSource.description)),
            ])
        case .resting(let order):
            .object([JSONMember("status", .string("resting"))] + restingMembers(order))
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

    /// What the journal shows became of a replayed order, in the shapes of `execution(_:)`.
    static func journaledExecution(_ execution: JournaledExecution) -> JSONValue {
        switch execution {
        case .none: .null
        case .filled(let fill):
            .object([
                JSONMember("status", .string("filled")),
                JSONMember("quantity", .string(fill.quantity.description)),
                JSONMember("price", .string(fill.price.description)),
                JSONMember("fee", .string(fill.fee.description)),
                JSONMember("price_source", .string(fill.priceSource.description)),
            ])
        case .released(let reason):
            .object([JSONMember("status", .string("rejected")), JSONMember("reason", .string(reason))])
        case .resting(let since, let expiresAt):
            .object([
                JSONMember("status", .string("resting")),
                JSONMember("since", .string(since.description)),
                JSONMember("expires_at", .string(expiresAt.description)),
            ])
        case .external(let quantity, let filled, let releasedBecause, let expiresAt):
            .object([
                JSONMember(
                    "status",
                    .string(
                        releasedBecause ?? (filled >= quantity ? "filled" : "reserved")
                    )
                ),
                JSONMember("quantity", .string(quantity.description)),
                JSONMember("filled_quantity", .string(filled.description)),
                JSONMember(
                    "remaining_quantity",
                    .string(
                        releasedBecause == nil
                            ? FixedDecimal(units: max(quantity.units - filled.units, 0)).description : "0"
                    )
                ),
                JSONMember("expires_at", .string(expiresAt.description)),
            ])
        case .open:
            .object([
                JSONMember("status", .string("pending")),
                JSONMember(
                    "reason",
                    .string("no fill or release journaled yet: the venue outcome is being reconciled")
                ),
            ])
        }
    }

    /// The members that describe a resting order: client order id, bot, account, symbol, side, quantity, limit,
    /// since, expires_at.
    static func restingMembers(_ resting: RestingOrder) -> [JSONMember] {
        let order = resting.permit.order
        return [
            JSONMember("client_order_id", .string(ClientOrderID.of(resting.permit))),
            JSONMember("bot", .string(order.bot)),
            JSONMember("account", .string(order.account)),
            JSONMember("symbol", .string(order.symbol)),
            JSONMember("side", .string(order.side.description)),
            JSONMember("quantity", .string(order.quantity.description)),
            JSONMember("limit_price", order.price.map { .string($0.description) } ?? .null),
            JSONMember("since", .string(resting.since.description)),
            JSONMember("expires_at", .string(resting.expiresAt.description)),
        ]
    }

    /// `GET /v1/prices`: each held quote (bid, ask, age, stale against `max_age`) and the feed's health.
    static func prices(
        _ quotes: [(symbol: String, quote: Quote)],
        maxAge: TimeSpan,
        feed: JSONValue,
        now: Timestamp
    )
        -> JSONValue
    {
        let values = quotes.sorted { $0.symbol < $1.symbol }.map { symbol, quote in
            let age = quote.age(at: now)
            return JSONValue.object([
                JSONMember("symbol", .string(symbol)),
                JSONMember("bid", .string(quote.bid.description)),
                JSONMember("ask", .string(quote.ask.description)),
                JSONMember("age_ms", .number(String(age / 1_000_000))),
                JSONMember("stale", .bool(age > maxAge.nanoseconds)),
                JSONMember("received_at", .string(quote.time.description)),
            ])
        }
        return .object([
            JSONMember("prices", .array(values)),
            JSONMember("max_age", .string(maxAge.description)),
            JSONMember("feed", feed),
            JSONMember("as_of", .string(now.description)),
        ])
    }

    /// The market data feed's health for `GET /v1/prices`: `{"configured": false}` without a feed.
    static func feed(_ status: PriceFeedStatus?, source: String?) -> JSONValue {
        guard let status else {
            return .object([
                JSONMember("configured", .bool(false)),
                JSONMember("note", .string("no --market-data: orders are priced by the caller where allowed")),
            ])
        }
        let errors = status.errors.sorted { $0.key < $1.key }.map { JSONMember($0.key, .number(String($0.value))) }
        return .object([
            JSONMember("configured", .bool(true)),
            JSONMember("source", source.map(JSONValue.string) ?? .null),
            JSONMember("last_success", status.lastSuccess.map { .string($0.description) } ?? .null),
            JSONMember("consecutive_failures", .number(String(status.consecutiveFailures))),
            JSONMember("last_error", status.lastError.map(JSONValue.string) ?? .null),
            JSONMember("mapped_symbols", .number(String(status.mappedSymbols))),
            JSONMember("errors", .object(errors)),
        ])
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
        restingOrders: [RestingOrder],
        profileHash: String,
        now: Timestamp,
        extra: [JSONMember] = []
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
            // Marked to the held quote (bid for a long, ask for a short), with its age; null without one.
            let quote = state.quote(for: position.symbol)
            return JSONValue.object([
                JSONMember("bot", .string(position.bot)),
                JSONMember("account", .string(position.account)),
                JSONMember("symbol", .string(position.symbol)),
                JSONMember("quantity", .string(position.quantity.description)),
                JSONMember("average_entry", .string(position.averageEntry.description)),
                JSONMember("entry_value", .string(position.entryValue.description)),
                JSONMember("market_price", quote.map { .string(position.markPrice(at: $0).description) } ?? .null),
                JSONMember(
                    "unrealized_pnl",
                    quote.flatMap { position.unrealizedPnL(at: $0) }.map { .string($0.description) } ?? .null
                ),
                JSONMember("quote_age_ms", quote.map { .number(String($0.age(at: now) / 1_000_000)) } ?? .null),
            ])
        }
        let resting = restingOrders.map { JSONValue.object(restingMembers($0)) }
        return .object(
            [
                JSONMember("global", .string(state.tradingState(of: .global, at: now).description)),
                JSONMember("operator_states", .array(scopes)),
                JSONMember("accounts", .array(accountValues)),
                JSONMember("bots", .array(botValues)),
                JSONMember("positions", .array(positions)),
                JSONMember("pending_live_orders", .array(pending)),
                JSONMember("resting_orders", .array(resting)),
            ] + extra + [
                JSONMember("profile_hash", .string(profileHash)),
                JSONMember("as_of", .string(now.description)),
            ]
        )
    }
}

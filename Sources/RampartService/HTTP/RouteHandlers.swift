import RampartDesk
import RampartJSON
import RampartRules
import RampartStore

/// The handler of every route in `RouteTable`, keyed by `METHOD path`.
struct RouteHandlers: Sendable {
    typealias Handler = @Sendable (HandlerInput) async -> Reply

    let dependencies: ServerDependencies

    init(_ dependencies: ServerDependencies) { self.dependencies = dependencies }

    var table: [String: Handler] {
        [
            "POST /v1/orders": submit,
            "POST /v1/orders/check": check,
            "DELETE /v1/orders/{client_order_id}": cancel,
            "POST /v1/orders/{client_order_id}/fills": reportFill,
            "POST /v1/sessions": openSession,
            "GET /v1/sessions/{id}": sessionState,
            "DELETE /v1/sessions/{id}": closeSession,
            "POST /v1/sessions/{id}/orders": sessionSubmit,
            "POST /v1/sessions/{id}/orders/check": sessionCheck,
            "POST /v1/sessions/{id}/orders/{client_order_id}/fills": sessionFill,
            "DELETE /v1/sessions/{id}/orders/{client_order_id}": sessionCancel,
            "GET /v1/prices": prices,
            "GET /v1/state": state,
            "POST /v1/emergency-stop": emergencyStop,
            "POST /v1/resume": resume,
            "POST /v1/reload": reload,
            "GET /v1/profile": profile,
            "GET /v1/audit": auditChain,
            "GET /v1/bots/{id}/eligibility": eligibility,
            "POST /v1/bots/{id}/promotion": requestPromotion,
            "POST /v1/bots/{id}/promotion/confirm": confirmPromotion,
            "POST /v1/credentials/{venue}/test": testCredentials,
            "GET /healthz": { _ in .json(.object([JSONMember("status", .string("ok"))])) },
            "GET /readyz": ready,
            "GET /metrics": metrics,
            RouteTable.apiDescription.key: apiDescription,
        ]
    }

    /// An order body from `caller`; the service's clock decides, so `time` is refused.
    static func serviceOrder(_ json: JSONValue, caller: Caller) -> Result<OrderRequest, APIError> {
        switch orderRequest(json, caller: caller) {
        case .success(let request) where request.time != nil: .failure(timeRefused)
        case let other: other
        }
    }

    /// The answer to an order that names its own `time`.
    static let timeRefused = APIError.badRequest(
        "order key 'time': not accepted; the server clock decides",
        key: "time"
    )

    /// Reads an order body and checks the token's scope (403 before anything sees the order, so nothing changes).
    func readOrderRequest(_ input: HandlerInput) async -> Result<OrderRequest, APIError> {
        switch await input.json() {
        case .success(let json): Self.orderRequest(json, caller: input.caller)
        case .failure(let error): .failure(error)
        }
    }

    /// An order body read for `caller`, whose token's scope must cover its bot and account.
    static func orderRequest(_ json: JSONValue, caller: Caller) -> Result<OrderRequest, APIError> {
        do {
            let request = try OrderRequest(json: json)
            if let error = caller.outOfScope(bot: request.order.bot, account: request.order.account) {
                return .failure(error)
            }
            return .success(request)
        } catch {
            return .failure(.badRequest(error.description, key: error.key))
        }
    }

    func submit(_ input: HandlerInput) async -> Reply {
        switch await input.json() {
        case .success(let json): await submit(json, caller: input.caller)
        case .failure(let error): .error(error)
        }
    }

    /// The orders route's answer to an order body from `caller` (the router's route asks here).
    func submit(_ json: JSONValue, caller: Caller) async -> Reply {
        // The reply is made here, in this task, not on the journal writer's drain that answers.
        let reply = await withCheckedContinuation { waiter in
            submit(json, caller: caller) { waiter.resume(returning: $0) }
        }
        return reply()
    }

    /// The orders route's answer without a task (`FastRoutes` asks here): `answer` is called once, with what makes
    /// the reply, when the desk has answered — for a paper order on the journal writer's drain, so the caller runs
    /// it where it writes the reply, not there.
    func submit(
        _ json: JSONValue,
        caller: Caller,
        then answer: @escaping @Sendable (_ reply: @escaping @Sendable () -> Reply) -> Void
    ) {
        let request: OrderRequest
        switch Self.serviceOrder(json, caller: caller) {
        case .success(let value): request = value
        case .failure(let error): return answer { .error(error) }
        }
        let order = request.order
        let start = ContinuousClock.now
        let metrics = dependencies.metrics
        dependencies.desk.submit(order, execution: request.execution) { outcome in
            let elapsed = ContinuousClock.now - start
            answer {
                switch outcome {
                case .reserved(let decision, _), .decided(let decision, _):
                    metrics.record(decision, endpoint: "orders", elapsed: elapsed)
                case .storageRefused: metrics.recordStorageDenial(endpoint: "orders", elapsed: elapsed)
                case .journaled, .replayed: break  // counted when first decided
                }
                return .json(ResponseEncoding.outcome(outcome, order: order))
            }
        }
    }

    func check(_ input: HandlerInput) async -> Reply {
        switch await input.json() {
        case .success(let json): check(json, caller: input.caller)
        case .failure(let error): .error(error)
        }
    }

    /// The check route's answer to an order body from `caller` (the router's route and `FastRoutes` both ask
    /// here, so the two answer alike).
    func check(_ json: JSONValue, caller: Caller) -> Reply {
        let order: Order
        switch Self.serviceOrder(json, caller: caller) {
        case .success(let request): order = request.order
        case .failure(let error): return .error(error)
        }
        let start = ContinuousClock.now
        let decision = dependencies.desk.check(order)
        dependencies.metrics.record(decision, endpoint: "check", elapsed: ContinuousClock.now - start)
        return .json(ResponseEncoding.decision(decision, order: order))
    }

    func state(_ input: HandlerInput) async -> Reply {
        let desk = dependencies.desk
        // The books first: the copy of the state is taken after the last await, so it is not held across them
        // (orders decided while a copy is alive copy what they write).
        let pendingLiveOrders = await desk.pendingLiveOrders()
        let restingOrders = await desk.restingOrders()
        let externalOrders = await desk.externalOrders()
        let snapshot = desk.snapshot()
        let profile = desk.profile
        let body = ResponseEncoding.state(
            snapshot,
            operatorStates: OrderDesk.operatorStates(in: snapshot),
            bots: snapshot.botNames,
            accounts: snapshot.accountNames,
            pendingLiveOrders: pendingLiveOrders,
            restingOrders: restingOrders,
            profileHash: profile.hash,
            now: desk.now,
            extra: [
                JSONMember("external_orders", .array(externalOrders.map(ResponseEncoding.heldExternal))),
                JSONMember(
                    "sessions",
                    .array(
                        dependencies.sessions.list(now: desk.now).map { session in
                            let summary = session.summary()
                            return .object(
                                ResponseEncoding.sessionMembers(
                                    session,
                                    expiresAt: dependencies.sessions.expiry(of: session)
                                )
                                    + [
                                        JSONMember(
                                            "last_time",
                                            summary.lastTime.map { .string($0.description) } ?? .null
                                        ),
                                        JSONMember("allowed", .number(String(summary.allowed))),
                                        JSONMember("denied", .number(String(summary.denied))),
                                        JSONMember("open_orders", .number(String(summary.openOrders.count))),
                                    ]
                            )
                        }
                    )
                ),
            ]
        )
        return .json(body)
    }

    func profile(_ input: HandlerInput) async -> Reply {
        let profile = dependencies.desk.profile
        let loadedAt = await dependencies.reloader.loadedAt
        return .json(
            .object([
                JSONMember("name", .string(profile.name)),
                JSONMember("hash", .string(profile.hash)),
                JSONMember("loaded_at", .string(loadedAt.description)),
                JSONMember("files", .array(profile.spec.files.map(JSONValue.string))),
                JSONMember("rules", .number(String(profile.rules.count))),
                JSONMember("live_trading", .bool(profile.spec.parameters[.liveTrading]?.value == .bool(true))),
                JSONMember("promoted_bots", .array(dependencies.desk.promotedBots().map(JSONValue.string))),
            ])
        )
    }

    /// `GET /v1/audit`: whether the audit log's hash chain is intact (`rampart audit verify` over the API).
    func auditChain(_ input: HandlerInput) async -> Reply {
        do {
            let verification = try dependencies.desk.audit.verify()
            return .json(
                .object([
                    JSONMember("intact", .bool(verification.isIntact)),
                    JSONMember("description", .string(verification.description)),
                ]),
                status: 200
            )
        } catch {
            return .error(APIError(503, "audit_unreadable", "the audit log cannot be read: \(error)"))
        }
    }

    func ready(_ input: HandlerInput) async -> Reply {
        let journalReady = dependencies.desk.isReady
        let profile = dependencies.desk.profile
        let body = JSONValue.object([
            JSONMember("ready", .bool(journalReady)),
            JSONMember("profile_hash", .string(profile.hash)),
            JSONMember("journal", .string(dependencies.desk.journalSummary)),
            JSONMember("journal_ready", .bool(journalReady)),
        ])
        return .json(body, status: journalReady ? 200 : 503)
    }

    func metrics(_ input: HandlerInput) async -> Reply {
        let desk = dependencies.desk
        let counts = desk.stateCounts()
        dependencies.metrics.updateState(
            global: counts.global,
            stoppedScopes: counts.stoppedScopes,
            bots: counts.bots,
            accounts: counts.accounts,
            pendingLiveOrders: await desk.pendingLiveOrders().count
        )
        dependencies.metrics.updateMarket(
            quotes: counts.heldQuotes,
            now: desk.now,
            feed: desk.marketDataStatus,
            restingOrders: await desk.restingOrders().count
        )
        dependencies.metrics.updateJournal(checkpoints: desk.journalCheckpoints, batches: desk.journalBatches)
        return Reply(status: 200, body: dependencies.metrics.exposition(), contentType: "text/plain; version=0.0.4")
    }
}

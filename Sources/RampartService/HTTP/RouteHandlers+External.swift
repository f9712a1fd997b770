import RampartDesk
import RampartJSON
import RampartRules
import RampartStore

/// Bot-executed orders' fills and releases, and backtest sessions.
extension RouteHandlers {
    /// `POST /v1/orders/{client_order_id}/fills`: books a fill the bot reports; the server clock stamps it.
    func reportFill(_ input: HandlerInput) async -> Reply {
        guard let id = input.id, !id.isEmpty else {
            return .error(.badRequest("path: a client_order_id is required", key: "client_order_id"))
        }
        let request: FillRequest
        switch await readFill(input) {
        case .success(let value): request = value
        case .failure(let error): return .error(error)
        }
        if request.time != nil {
            return .error(.badRequest("fill key 'time': not accepted; the server clock decides", key: "time"))
        }
        let caller = input.caller
        let result = await dependencies.desk.reportFill(clientOrderID: id, fillID: request.fillID, fill: request.fill) {
            order in caller.outOfScope(bot: order.bot, account: order.account) == nil
        }
        switch result {
        case .success(let report):
            if !report.replayed { dependencies.metrics.recordExternalFill(report.priceCheck) }
            return .json(ResponseEncoding.fillReport(report))
        case .failure(let error): return .error(ResponseEncoding.externalError(error))
        }
    }

    /// Releases what a bot-executed order still has reserved; nil when no bot-executed order has that id.
    func cancelExternal(_ id: String, caller: Caller) async -> Reply? {
        let result = await dependencies.desk.releaseExternal(clientOrderID: id) { order in
            caller.outOfScope(bot: order.bot, account: order.account) == nil
        }
        switch result {
        case .success(let order): return .json(ResponseEncoding.externalCancel(order))
        case .failure(.unknownOrder): return nil
        case .failure(let error): return .error(ResponseEncoding.externalError(error))
        }
    }

    /// Reads a fill body (400 naming the key when malformed).
    private func readFill(_ input: HandlerInput) async -> Result<FillRequest, APIError> {
        switch await input.json() {
        case .success(let json):
            do {
                return .success(try FillRequest(json: json))
            } catch {
                return .failure(.badRequest(error.description, key: error.key))
            }
        case .failure(let error): return .failure(error)
        }
    }

    // MARK: Backtest sessions

    /// `POST /v1/sessions {profile?, starting_balance?}`: opens an isolated in-memory gate.
    func openSession(_ input: HandlerInput) async -> Reply {
        let json: JSONValue
        switch await input.json(emptyAs: .object([])) {
        case .success(let value): json = value
        case .failure(let error): return .error(error)
        }
        guard let members = json.objectValue else {
            return .error(.badRequest("session: expected a JSON object, found \(json.kind)"))
        }
        for member in members where !["profile", "starting_balance"].contains(member.key) {
            return .error(.badRequest("session key '\(member.key)': unknown key", key: member.key))
        }
        var profile: String?
        if let value = json["profile"], !value.isNull {
            guard let text = value.stringValue else {
                return .error(
                    .badRequest("session key 'profile': expected a string, found \(value.kind)", key: "profile")
                )
            }
            profile = text
        }
        var balance: FixedDecimal?
        if let value = json["starting_balance"], !value.isNull {
            guard let parsed = try? value.decimal(), !parsed.rounded, parsed.value.isPositive else {
                return .error(
                    .badRequest(
                        "session key 'starting_balance': expected a decimal above zero with at most 8 places",
                        key: "starting_balance"
                    )
                )
            }
            balance = parsed.value
        }
        let now = dependencies.desk.now
        do {
            let session = try dependencies.sessions.open(
                owner: input.caller.name,
                profile: profile,
                startingBalance: balance,
                now: now
            )
            let body = JSONValue.object(
                ResponseEncoding.sessionMembers(session, expiresAt: dependencies.sessions.expiry(of: session))
            )
            return .json(body, status: 201)
        } catch {
            return .error(sessionError(error))
        }
    }

    func sessionState(_ input: HandlerInput) async -> Reply {
        withSession(input) { session in
            .json(ResponseEncoding.session(session, expiresAt: dependencies.sessions.expiry(of: session)))
        }
    }

    func closeSession(_ input: HandlerInput) async -> Reply {
        let caller = input.caller
        do {
            let session = try dependencies.sessions.close(
                input.id ?? "",
                caller: caller.name,
                isAdmin: caller.role == .admin,
                now: dependencies.desk.now
            )
            return .json(ResponseEncoding.session(session, expiresAt: dependencies.desk.now))
        } catch {
            return .error(sessionError(error))
        }
    }

    func sessionSubmit(_ input: HandlerInput) async -> Reply { await sessionDecide(input, reserve: true) }

    func sessionCheck(_ input: HandlerInput) async -> Reply { await sessionDecide(input, reserve: false) }

    private func sessionDecide(_ input: HandlerInput, reserve: Bool) async -> Reply {
        let request: OrderRequest
        switch await readOrderRequest(input) {
        case .success(let value): request = value
        case .failure(let error): return .error(error)
        }
        guard let time = request.time else {
            return .error(.badRequest("order key 'time': required in a session (the candle's time)", key: "time"))
        }
        guard request.requestedExecution != .rampart else {
            return .error(.badRequest("order key 'execution': a session's orders are bot-executed", key: "execution"))
        }
        if reserve && request.order.clientOrderID == nil {
            return .error(
                .badRequest(
                    "order key 'client_order_id': required in a session (fills name it)",
                    key: "client_order_id"
                )
            )
        }
        return withSession(input) { session in
            do throws(BacktestSession.Refusal) {
                let outcome = try session.decide(
                    request.order,
                    at: time,
                    reserve: reserve,
                    wallClock: dependencies.desk.now
                )
                if !reserve, case .decided(let decision, _) = outcome {
                    return .json(ResponseEncoding.decision(decision, order: request.order))
                }
                return .json(ResponseEncoding.outcome(outcome, order: request.order))
            } catch {
                return .error(refusal(error))
            }
        }
    }

    func sessionFill(_ input: HandlerInput) async -> Reply {
        let id = input.parameters["client_order_id"] ?? ""
        let request: FillRequest
        switch await readFill(input) {
        case .success(let value): request = value
        case .failure(let error): return .error(error)
        }
        guard let time = request.time else {
            return .error(.badRequest("fill key 'time': required in a session (the candle's time)", key: "time"))
        }
        return withSession(input) { session in
            do throws(BacktestSession.Refusal) {
                let report = try session.reportFill(
                    clientOrderID: id,
                    fillID: request.fillID,
                    fill: request.fill,
                    at: time,
                    wallClock: dependencies.desk.now
                )
                return .json(ResponseEncoding.fillReport(report))
            } catch {
                return .error(refusal(error))
            }
        }
    }

    func sessionCancel(_ input: HandlerInput) async -> Reply {
        let id = input.parameters["client_order_id"] ?? ""
        return withSession(input) { session in
            do throws(BacktestSession.Refusal) {
                return .json(
                    ResponseEncoding.externalCancel(
                        try session.release(clientOrderID: id, wallClock: dependencies.desk.now)
                    )
                )
            } catch {
                return .error(refusal(error))
            }
        }
    }

    /// Runs `body` with the caller's session `{id}`, or answers 404.
    private func withSession(_ input: HandlerInput, _ body: (BacktestSession) -> Reply) -> Reply {
        let caller = input.caller
        do {
            let session = try dependencies.sessions.session(
                input.id ?? "",
                caller: caller.name,
                isAdmin: caller.role == .admin,
                now: dependencies.desk.now
            )
            return body(session)
        } catch {
            return .error(sessionError(error))
        }
    }

    private func sessionError(_ failure: SessionRegistry.Failure) -> APIError {
        switch failure {
        case .full(let limit):
            APIError(409, "session_limit", "\(limit) sessions are open (serve --max-sessions); end one first")
        case .profile(let reason): .badRequest("session key 'profile': \(reason)", key: "profile")
        case .unknown(let id): APIError(404, "unknown_session", "no open session '\(id)' belongs to this token")
        }
    }

    private func refusal(_ refusal: BacktestSession.Refusal) -> APIError {
        switch refusal {
        case .timeBackwards(let time, let last):
            .badRequest("key 'time': \(time) is before the session's last order or fill at \(last)", key: "time")
        case .liveMode: .badRequest("order key 'mode': a session trades paper only", key: "mode")
        case .order(let error): ResponseEncoding.externalError(error)
        }
    }
}

import RampartDesk
import RampartJSON
import RampartRules

extension RouteHandlers {
    /// `DELETE /v1/orders/{client_order_id}`: cancels a resting paper order (its reservation released, journaled).
    func cancel(_ input: HandlerInput) async -> Reply {
        guard let id = input.id, !id.isEmpty else {
            return .error(.badRequest("path: a client_order_id is required", key: "client_order_id"))
        }
        let caller = input.caller
        let outcome = await dependencies.desk.cancel(clientOrderID: id) { order in
            caller.outOfScope(bot: order.bot, account: order.account) == nil
        }
        switch outcome {
        case .cancelled(let order):
            let members = [JSONMember("status", .string("cancelled"))] + ResponseEncoding.restingMembers(order)
            return .json(.object(members))
        case .notResting:
            if let reply = await cancelExternal(id, caller: caller) { return reply }
            return .error(
                APIError(
                    404,
                    "not_resting",
                    "no resting order with client_order_id '\(id)': it filled, expired, was cancelled or never rested"
                )
            )
        case .outOfScope:
            return .error(APIError(403, "out_of_scope", "token '\(caller.name)' may not act for that order's bot"))
        case .notPersisted(let reason):
            return .error(APIError(503, "not_persisted", "cancelled in memory, not journaled: \(reason)"))
        }
    }

    /// `GET /v1/prices`: the gate's quotes (bid, ask, age) and the market data feed's health.
    func prices(_ input: HandlerInput) async -> Reply {
        let desk = dependencies.desk
        let body = ResponseEncoding.prices(
            desk.heldQuotes(),
            maxAge: desk.profile.quoteMaxAge,
            feed: ResponseEncoding.feed(desk.marketDataStatus, source: desk.marketFeed?.options.baseURL),
            now: desk.now
        )
        return .json(body)
    }
}

import Logging
import RampartDesk
import RampartJSON
import RampartRules
import RampartStore

extension RouteHandlers {
    /// The phrase `POST /v1/resume` requires in `confirm`.
    static let resumePhrase = "I UNDERSTAND"

    /// A bare POST (no body) halts everything: the runbook's one-liner must never fail on a missing key.
    func emergencyStop(_ input: HandlerInput) async -> Reply {
        let body: JSONValue
        switch await input.json(emptyAs: .object([])) {
        case .success(let value): body = value
        case .failure(let error): return .error(error)
        }
        if let error = Self.unknownKey(in: body, allowed: ["scope", "mode", "reason", "dry_run"]) {
            return .error(error)
        }
        var dryRun = false
        if let given = body["dry_run"] {
            guard case .bool(let value) = given else {
                return .error(.badRequest("key 'dry_run': expected true or false", key: "dry_run"))
            }
            dryRun = value
        }
        var scope = TradingScope.global
        if body["scope"] != nil {
            switch Self.scope(body["scope"]) {
            case .success(let value): scope = value
            case .failure(let error): return .error(error)
            }
        }
        let mode: TradingState
        switch body["mode"]?.stringValue ?? "halt" {
        case "halt": mode = .halted
        case "reduce_only": mode = .reducing
        default: return .error(.badRequest("key 'mode': expected halt or reduce_only", key: "mode"))
        }
        var reason = "emergency stop"
        if let given = body["reason"] {
            guard let text = given.stringValue, !text.isEmpty else {
                return .error(.badRequest("key 'reason': expected a non-empty string", key: "reason"))
            }
            reason = text
        }
        if dryRun {
            // `rampart verify`: the stop is reachable and this caller may use it; nothing changes.
            return .json(
                .object([
                    JSONMember("dry_run", .bool(true)),
                    JSONMember("scope", .string(scope.description)),
                    JSONMember("mode", .string(mode == .halted ? "halt" : "reduce_only")),
                    JSONMember("changed", .bool(false)),
                ])
            )
        }
        let fullReason = "\(reason) (by \(input.caller.name))"
        let logger = dependencies.logger
        do {
            try await dependencies.desk.setTradingState(
                mode,
                for: scope,
                reason: fullReason,
                actor: "token:\(input.caller.name)"
            )
        } catch {
            logger.critical("emergency stop not persisted", metadata: ["scope": "\(scope)", "error": "\(error)"])
            return .error(APIError(500, "not_persisted", error.description))
        }
        logger.critical(
            "emergency stop",
            metadata: ["scope": "\(scope)", "mode": "\(mode)", "reason": "\(reason)", "by": "\(input.caller.name)"]
        )
        return .json(
            .object([
                JSONMember("scope", .string(scope.description)),
                JSONMember("state", .string(mode.description)),
                JSONMember("reason", .string(fullReason)),
                JSONMember("at", .string(Timestamp.now().description)),
            ])
        )
    }

    func resume(_ input: HandlerInput) async -> Reply {
        let body: JSONValue
        switch await input.json() {
        case .success(let value): body = value
        case .failure(let error): return .error(error)
        }
        if let error = Self.unknownKey(in: body, allowed: ["scope", "confirm", "reason"]) { return .error(error) }
        let scope: TradingScope
        switch Self.scope(body["scope"]) {
        case .success(let value): scope = value
        case .failure(let error): return .error(error)
        }
        guard body["confirm"]?.stringValue == Self.resumePhrase else {
            return .error(
                APIError(
                    400,
                    "confirmation_required",
                    "key 'confirm': type exactly \"\(Self.resumePhrase)\" to resume",
                    details: .object([JSONMember("key", .string("confirm"))])
                )
            )
        }
        do {
            try await dependencies.desk.setTradingState(
                .active,
                for: scope,
                reason: "resumed by \(input.caller.name)",
                actor: "token:\(input.caller.name)"
            )
        } catch {
            return .error(APIError(503, "store_failed", error.description))
        }
        dependencies.logger.critical("resume", metadata: ["scope": "\(scope)", "by": "\(input.caller.name)"])
        return .json(
            .object([
                JSONMember("scope", .string(scope.description)),
                JSONMember("state", .string(TradingState.active.description)),
            ])
        )
    }

    func reload(_ input: HandlerInput) async -> Reply {
        switch await dependencies.reloader.reload(
            trigger: "api by \(input.caller.name)",
            actor: "token:\(input.caller.name)"
        ) {
        case .reloaded(let previousHash, let profile, let changed):
            return .json(
                .object([
                    JSONMember("profile_hash", .string(profile.hash)),
                    JSONMember("previous_hash", .string(previousHash)),
                    JSONMember("changed", .bool(changed)),
                    JSONMember("name", .string(profile.name)),
                ])
            )
        case .failed(let currentHash, let diagnostics):
            let details = JSONValue.object([
                JSONMember("profile_hash", .string(currentHash)),
                JSONMember("diagnostics", .array(diagnostics.map(ResponseEncoding.diagnostic))),
            ])
            let message = "profile did not compile; \(currentHash) stays in force"
            return .error(APIError(422, "profile_invalid", message, details: details))
        }
    }

    func eligibility(_ input: HandlerInput) async -> Reply {
        let bot = input.id ?? ""
        if let error = input.caller.outOfScope(bot: bot, account: nil) { return .error(error) }
        let profile = dependencies.desk.profile
        guard let thresholds = profile.spec.eligibility else {
            return .error(APIError(409, "no_thresholds", "profile '\(profile.name)' has no eligibility thresholds"))
        }
        let paper = dependencies.desk.paperRecord(
            ofBot: bot,
            now: Timestamp.now(),
            startingBalance: profile.startingBalance
        )
        let verdict = thresholds.verdict(for: paper)
        return .json(
            .object([
                JSONMember("bot", .string(bot)),
                JSONMember("eligible", .bool(verdict.eligible)),
                JSONMember("failed", .array(verdict.failed.map(JSONValue.string))),
                JSONMember("paper_days", .string(paper.paperDays.description)),
                JSONMember("closed_trades", .number(String(paper.closedTrades))),
                JSONMember("win_rate", .string(paper.winRate.description)),
                JSONMember("profit", .string(paper.profit.description)),
                JSONMember("caller_priced_fills", .number(String(paper.callerPricedFills))),
                JSONMember("allow_caller_prices", .bool(thresholds.allowCallerPrices)),
                JSONMember("profile_hash", .string(profile.hash)),
            ])
        )
    }

    func requestPromotion(_ input: HandlerInput) async -> Reply {
        let bot = input.id ?? ""
        if let error = input.caller.outOfScope(bot: bot, account: nil) { return .error(error) }
        let request: PromotionRequest
        do {
            request = try dependencies.desk.promotions.request(bot: bot, requestedBy: input.caller.name)
        } catch {
            return .error(Self.apiError(error))
        }
        let paper = request.verdict.record
        return .json(
            .object([
                JSONMember("bot", .string(bot)),
                JSONMember("nonce", .string(request.nonce)),
                JSONMember("expires_at", .string(request.expiresAt.description)),
                JSONMember("paper_days", .string(paper.paperDays.description)),
                JSONMember("trades", .number(String(paper.closedTrades))),
                JSONMember("win_rate", .string(paper.winRate.description)),
                JSONMember("profit", .string(paper.profit.description)),
            ])
        )
    }

    func confirmPromotion(_ input: HandlerInput) async -> Reply {
        let body: JSONValue
        switch await input.json() {
        case .success(let value): body = value
        case .failure(let error): return .error(error)
        }
        if let error = Self.unknownKey(in: body, allowed: ["nonce", "confirm"]) { return .error(error) }
        guard let nonce = body["nonce"]?.stringValue, !nonce.isEmpty else {
            return .error(.badRequest("key 'nonce': expected the nonce from the promotion request", key: "nonce"))
        }
        guard let phrase = body["confirm"]?.stringValue else {
            return .error(.badRequest("key 'confirm': type the phrase I UNDERSTAND", key: "confirm"))
        }
        let bot = input.id ?? ""
        if let error = input.caller.outOfScope(bot: bot, account: nil) { return .error(error) }
        do {
            try dependencies.desk.promotions.confirm(
                bot: bot,
                nonce: nonce,
                phrase: phrase,
                confirmedBy: input.caller.name
            )
        } catch {
            return .error(Self.apiError(error))
        }
        return .json(.object([JSONMember("bot", .string(bot)), JSONMember("promoted", .bool(true))]))
    }

    /// The HTTP answer to a refused promotion step.
    static func apiError(_ error: PromotionError) -> APIError {
        switch error {
        case .noThresholds: APIError(409, "no_thresholds", error.description)
        case .notEligible(_, let verdict):
            APIError(
                409,
                "not_eligible",
                error.description,
                details: .object([
                    JSONMember("failed", .array(verdict.failed.map(JSONValue.string))),
                    JSONMember("caller_priced_fills", .number(String(verdict.record.callerPricedFills))),
                ])
            )
        case .noPendingRequest: APIError(404, "no_pending_request", error.description)
        case .alreadyPromoted: APIError(409, "already_promoted", error.description)
        case .wrongNonce, .nonceAlreadyUsed, .expired, .wrongPhrase, .invalidBot:
            APIError(400, "confirmation_rejected", error.description)
        case .randomFailure, .audit, .database: APIError(500, "promotion_failed", error.description)
        }
    }

    static func unknownKey(in body: JSONValue, allowed: [String]) -> APIError? {
        guard let members = body.objectValue else { return .badRequest("expected a JSON object") }
        for member in members where !allowed.contains(member.key) {
            return .badRequest(
                "unknown key '\(member.key)'; expected \(allowed.joined(separator: ", "))",
                key: member.key
            )
        }
        return nil
    }

    static func scope(_ value: JSONValue?) -> Result<TradingScope, APIError> {
        let error = APIError.badRequest("key 'scope': expected global, account:NAME or bot:NAME", key: "scope")
        guard let text = value?.stringValue, let scope = TradingScope(parsing: text) else { return .failure(error) }
        return .success(scope)
    }
}

import Hummingbird
import RampartDesk
import RampartJSON
import RampartStore

/// Applies one route's entry of `RouteTable` to a request: 401 without a known token, 403 for a wrong role, 429
/// from the throttles (DESIGN §9).
///
/// Failed authentications are counted per client address; an address that has spent its budget
/// (`--auth-failure-rate`) is answered 429 before its token is looked up in the store, except a token the service
/// has already accepted (`TokenAuthority.hasAccepted`, memory only), so a bot in use is not locked out by a
/// neighbour behind the same address guessing. A good token never spends from its address's budget. Every authenticated request
/// spends from its token's bucket (`--token-rate`); the emergency stop is never refused for its token's rate.
struct Authorizer: Sendable {
    let spec: RouteSpec
    let dependencies: ServerDependencies
    /// False for the emergency stop, which is never refused for its token's rate: stopping is always safe.
    private let spendsTokenRate: Bool

    init(spec: RouteSpec, dependencies: ServerDependencies) {
        self.spec = spec
        self.dependencies = dependencies
        spendsTokenRate = !(spec.method == "POST" && spec.path == "/v1/emergency-stop")
    }

    func callAsFunction(_ request: Request, context: RampartRequestContext) -> Result<Caller, APIError> {
        authorize(request.headers, from: context.clientAddress)
    }

    /// Who sent a request with these `headers` from `address` (evaluated only when a throttle needs it).
    func authorize(_ headers: HTTPFields, from address: @autoclosure () -> ClientAddress) -> Result<Caller, APIError> {
        let metricsPublic = dependencies.metricsPublic
        guard RouteTable.needsToken(spec.access, metricsPublic: metricsPublic) else { return .success(.anonymous) }
        let throttle = dependencies.throttle
        let metrics = dependencies.metrics
        let token = Self.bearerToken(headers)
        if let wait = throttle.failureWait(from: address()),
            !(token.map(dependencies.desk.tokens.hasAccepted) ?? false)
        {
            metrics.recordAuthThrottled()
            return .failure(.authThrottled(wait: wait))
        }
        guard let token, let holder = dependencies.desk.tokens.authenticate(token) else {
            metrics.recordAuthFailure()
            if let wait = throttle.recordFailure(from: address()) {
                metrics.recordAuthThrottled()
                return .failure(.authThrottled(wait: wait))
            }
            let message =
                headers[.authorization] == nil
                ? "missing bearer token (Authorization: Bearer TOKEN)" : "unknown bearer token"
            return .failure(APIError(401, "unauthorized", message))
        }
        if spendsTokenRate, let wait = throttle.admitRequest(token: holder.name) {
            metrics.recordTokenThrottled(token: holder.name)
            let seconds = TokenBucket.retryAfterSeconds(wait)
            let rate = throttle.configuration.tokenRate.map { " (\($0))" } ?? ""
            var error = APIError(
                429,
                "rate_limited",
                "token '\(holder.name)' is over its request rate\(rate); retry after \(seconds)s",
                details: .object([JSONMember("retry_after_seconds", .number(String(seconds)))])
            )
            error.retryAfter = seconds
            return .failure(error)
        }
        guard RouteTable.allows(holder.role, spec.access, metricsPublic: metricsPublic) else {
            let message = "role '\(holder.role.rawValue)' may not call \(spec.key)"
            return .failure(APIError(403, "forbidden", message))
        }
        return .success(Caller(name: holder.name, role: holder.role, scope: holder.scope))
    }

    /// The token of an `Authorization: Bearer TOKEN` header, or nil when there is none.
    private static func bearerToken(_ headers: HTTPFields) -> String? {
        let prefix = "Bearer "
        guard let header = authorization(headers), header.count > prefix.count, header.hasPrefix(prefix)
        else { return nil }
        return String(header.dropFirst(prefix.count))
    }

    /// The `Authorization` header's value, as `headers[.authorization]` gives it, without its generic join (type
    /// metadata looked up at run time on every request) when there is one such field, as there always is.
    private static func authorization(_ headers: HTTPFields) -> String? {
        var found: String?
        for field in headers where field.name == .authorization {
            // Two or more: joined with ", " as the subscript joins them (a value no token matches).
            guard found == nil else { return headers[.authorization] }
            found = field.value
        }
        return found
    }
}

extension APIError {
    /// 429 for a client address that failed authentication too often, with `Retry-After`.
    static func authThrottled(wait: Int64) -> APIError {
        let seconds = TokenBucket.retryAfterSeconds(wait)
        var error = APIError(
            429,
            "auth_throttled",
            "too many failed authentications from this address; retry after \(seconds)s",
            details: .object([JSONMember("retry_after_seconds", .number(String(seconds)))])
        )
        error.retryAfter = seconds
        return error
    }
}

import Hummingbird
import RampartDesk
import RampartStore

/// Applies one route's entry of `RouteTable` to a request: 401 without a known token, 403 for a wrong role.
struct Authorizer: Sendable {
    let spec: RouteSpec
    let dependencies: ServerDependencies

    func callAsFunction(_ request: Request) -> Result<Caller, APIError> {
        let metricsPublic = dependencies.metricsPublic
        guard RouteTable.needsToken(spec.access, metricsPublic: metricsPublic) else { return .success(.anonymous) }
        guard let header = request.headers[.authorization] else {
            return .failure(APIError(401, "unauthorized", "missing bearer token (Authorization: Bearer TOKEN)"))
        }
        let prefix = "Bearer "
        guard header.count > prefix.count, header.hasPrefix(prefix),
            let holder = dependencies.desk.tokens.authenticate(String(header.dropFirst(prefix.count)))
        else {
            return .failure(APIError(401, "unauthorized", "unknown bearer token"))
        }
        guard RouteTable.allows(holder.role, spec.access, metricsPublic: metricsPublic) else {
            let message = "role '\(holder.role.rawValue)' may not call \(spec.key)"
            return .failure(APIError(403, "forbidden", message))
        }
        return .success(Caller(name: holder.name, role: holder.role, scope: holder.scope))
    }
}

public import RampartStore

/// Who may call a route.
public enum RouteAccess: Sendable, Hashable {
    /// No token needed (`/healthz`, `/readyz`, `/openapi.json`).
    case open
    /// A bearer token with one of these roles; `admin` may always call.
    case roles(Set<Role>)
    /// `ops` (or `admin`), unless the server runs with `--metrics-public`.
    case metrics
}

/// One route of the API: method, path (OpenAPI style, `{id}`), and who may call it.
public struct RouteSpec: Sendable, Hashable {
    /// `GET`, `POST`.
    public var method: String
    /// `/v1/bots/{id}/eligibility`.
    public var path: String
    /// Who may call it.
    public var access: RouteAccess

    /// `POST /v1/orders`.
    public var key: String { "\(method) \(path)" }
}

/// The single table of routes and their auth requirements; the router is built from it, and tests hold the
/// router and `docs/openapi.yaml` to it.
public enum RouteTable {
    /// Every route the service serves.
    public static let routes: [RouteSpec] = [
        RouteSpec(method: "POST", path: "/v1/orders", access: .roles([.trader])),
        RouteSpec(method: "POST", path: "/v1/orders/check", access: .roles([.trader])),
        RouteSpec(method: "DELETE", path: "/v1/orders/{client_order_id}", access: .roles([.trader, .ops])),
        RouteSpec(method: "POST", path: "/v1/orders/{client_order_id}/fills", access: .roles([.trader])),
        RouteSpec(method: "POST", path: "/v1/sessions", access: .roles([.trader])),
        RouteSpec(method: "GET", path: "/v1/sessions/{id}", access: .roles([.trader])),
        RouteSpec(method: "DELETE", path: "/v1/sessions/{id}", access: .roles([.trader])),
        RouteSpec(method: "POST", path: "/v1/sessions/{id}/orders", access: .roles([.trader])),
        RouteSpec(method: "POST", path: "/v1/sessions/{id}/orders/check", access: .roles([.trader])),
        RouteSpec(method: "POST", path: "/v1/sessions/{id}/orders/{client_order_id}/fills", access: .roles([.trader])),
        RouteSpec(method: "DELETE", path: "/v1/sessions/{id}/orders/{client_order_id}", access: .roles([.trader])),
        RouteSpec(method: "GET", path: "/v1/prices", access: .roles([.trader, .ops])),
        RouteSpec(method: "GET", path: "/v1/state", access: .roles([.ops])),
        RouteSpec(method: "POST", path: "/v1/emergency-stop", access: .roles([.ops])),
        RouteSpec(method: "POST", path: "/v1/resume", access: .roles([.admin])),
        RouteSpec(method: "POST", path: "/v1/reload", access: .roles([.ops])),
        RouteSpec(method: "GET", path: "/v1/profile", access: .roles([.ops])),
        RouteSpec(method: "GET", path: "/v1/audit", access: .roles([.ops])),
        RouteSpec(method: "GET", path: "/v1/bots/{id}/eligibility", access: .roles([.ops])),
        RouteSpec(method: "POST", path: "/v1/bots/{id}/promotion", access: .roles([.admin])),
        RouteSpec(method: "POST", path: "/v1/bots/{id}/promotion/confirm", access: .roles([.admin])),
        RouteSpec(method: "POST", path: "/v1/credentials/{venue}/test", access: .roles([.admin])),
        RouteSpec(method: "GET", path: "/healthz", access: .open),
        RouteSpec(method: "GET", path: "/readyz", access: .open),
        RouteTable.apiDescription,
        RouteSpec(method: "GET", path: "/metrics", access: .metrics),
    ]

    /// `GET /openapi.json`, the OpenAPI document: open outside production mode, not served at all in it.
    public static let apiDescription = RouteSpec(method: "GET", path: "/openapi.json", access: .open)

    /// The spec for `method` and `path`, if the table has one.
    public static func spec(method: String, path: String) -> RouteSpec? {
        routes.first { $0.method == method && $0.path == path }
    }

    /// Whether `role` may call a route with `access` (`metricsPublic` opens `/metrics`).
    public static func allows(_ role: Role?, _ access: RouteAccess, metricsPublic: Bool) -> Bool {
        switch access {
        case .open: return true
        case .metrics: return metricsPublic || role == .ops || role == .admin
        case .roles(let roles):
            guard let role else { return false }
            return role == .admin || roles.contains(role)
        }
    }

    /// Whether a route needs a token at all.
    public static func needsToken(_ access: RouteAccess, metricsPublic: Bool) -> Bool {
        switch access {
        case .open: false
        case .metrics: !metricsPublic
        case .roles: true
        }
    }
}

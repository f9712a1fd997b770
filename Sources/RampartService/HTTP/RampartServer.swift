import Hummingbird
import Logging
import NIOCore
import RampartDesk
import RampartJSON
import RampartStore
import ServiceLifecycle
import UnixSignals

/// The HTTP service: the route table's routes over an `OrderDesk`, with bearer-token auth on each, run in one
/// `ServiceGroup` with the desk's background services and the profile reloaders.
public struct RampartServer: Sendable {
    /// What the server talks to.
    public let dependencies: ServerDependencies

    /// Creates the server over its dependencies.
    public init(_ dependencies: ServerDependencies) { self.dependencies = dependencies }

    /// `METHOD path` of every route the built router serves, read back from Hummingbird's router.
    public func registeredRoutes() -> [String] {
        makeRouter().routes.map { "\($0.method.rawValue) \($0.path.description)" }
    }

    /// Runs the server and the desk's background services until graceful shutdown, then checks the journal. With
    /// `handleSignals`, SIGTERM and SIGINT start the drain and SIGHUP reloads; with a `watchInterval`, the rule
    /// directories are polled.
    ///
    /// Services shut down in the reverse order of their start: the reloaders, then the HTTP server (which drains
    /// the requests in flight), then the desk's passes (promotion sync, reconciler) and the venue's client last.
    /// With `tls`, the server speaks HTTPS only.
    public func run(
        listen: ListenAddress,
        tls: ServerTLS? = nil,
        handleSignals: Bool,
        watchInterval: Duration? = nil,
        onRunning: @escaping @Sendable (_ port: Int?) async -> Void = { _ in }
    ) async throws {
        let logger = dependencies.logger
        var services: [any Service] = []
        if handleSignals { services.append(HangupReloader(reloader: dependencies.reloader, logger: logger)) }
        if let watchInterval {
            services.append(DirectoryWatcher(reloader: dependencies.reloader, interval: watchInterval, logger: logger))
        }
        let address: BindAddress =
            switch listen {
            case .tcp(let host, let port): .hostname(host, port: port)
            case .unix(let path): .unixDomainSocket(path: path)
            }
        let application = Application(
            router: makeRouter(),
            server: try ServerTLS.httpServer(tls) { [dependencies] in
                [FastRoutes(dependencies: dependencies, serverName: Self.serverName)]
            },
            configuration: ApplicationConfiguration(address: address, serverName: Self.serverName),
            onServerRunning: { channel in
                let port = channel.localAddress?.port
                logger.notice(
                    "listening",
                    metadata: [
                        "address": "\(listen)", "port": "\(port.map(String.init) ?? "-")",
                        "scheme": "\(tls == nil ? "http" : "https")",
                    ]
                )
                await onRunning(port)
            },
            logger: logger
        )
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: dependencies.desk.backgroundServices + [application] + services,
                gracefulShutdownSignals: handleSignals ? [.sigterm, .sigint] : [],
                logger: logger
            )
        )
        do {
            try await group.run()
        } catch {
            logger.error("service group failed", metadata: ["error": "\(error)"])
            await snapshotForStop()
            try flushJournal()
            throw error
        }
        await snapshotForStop()
        try flushJournal()
    }

    /// The `Server` header of every answer.
    static let serverName = "rampart"

    /// Snapshots the state of every committed journal row, so the next start folds nothing before it.
    private func snapshotForStop() async {
        let started = ContinuousClock.now
        guard let covered = await dependencies.desk.gate.snapshotForStop() else { return }
        dependencies.logger.notice(
            "state snapshot for the stop",
            metadata: ["covers": "\(covered)", "took": "\(ContinuousClock.now - started)"]
        )
    }

    private func flushJournal() throws(DeskError) {
        try dependencies.desk.flush()
        dependencies.logger.notice("journal flushed", metadata: ["journal": "\(dependencies.desk.journalSummary)"])
    }

    /// Builds the router from `RouteTable`: every route gets the table's auth check around its handler.
    func makeRouter() -> Router<RampartRequestContext> {
        let router = Router(context: RampartRequestContext.self)
        let handlers = RouteHandlers(dependencies)
        let table = handlers.table
        for spec in RouteTable.routes {
            guard let handler = table[spec.key] else { continue }
            if spec == RouteTable.apiDescription && !dependencies.servesAPIDescription { continue }
            let method: HTTPRequest.Method =
                switch spec.method {
                case "GET": .get
                case "DELETE": .delete
                default: .post
                }
            let authorize = Authorizer(spec: spec, dependencies: dependencies)
            // The route's path parameters (`{id}`, `{client_order_id}`), in order.
            let parameters = spec.path.split(separator: "{").dropFirst().map { String($0.prefix { $0 != "}" }) }
            router.on(RouterPath(spec.path), method: method) { request, context -> Response in
                let caller: Caller
                switch authorize(request, context: context) {
                case .success(let authorized): caller = authorized
                case .failure(let error): return Reply.error(error).response
                }
                var values: [String: String] = [:]
                for name in parameters { values[name] = context.parameters.get(name) }
                let id = parameters.first.flatMap { values[$0] }
                let input = HandlerInput(request: request, id: id, caller: caller, parameters: values)
                return await handler(input).response
            }
        }
        return router
    }
}

/// What a handler gets: the request, the `{id}` path parameter, and who called.
struct HandlerInput: Sendable {
    var request: Request
    var id: String?
    var caller: Caller
    /// Every path parameter by name (`id`, `client_order_id`).
    var parameters: [String: String] = [:]

    /// The body parsed with `RampartJSON` (exact numbers); 400 naming line and column when malformed.
    func json(limit: Int = 64 * 1024, emptyAs empty: JSONValue? = nil) async -> Result<JSONValue, APIError> {
        // A body declared larger than the limit is refused before a byte of it is read (and the connection closed,
        // see `Reply.response`): reading it first made a client sending 10 MB wait for its own timeout.
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            return .failure(APIError(413, "body_too_large", "request body of \(declared) bytes is over \(limit) bytes"))
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            return .failure(APIError(413, "body_too_large", "request body over \(limit) bytes"))
        }
        if let empty, buffer.readableBytesView.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
            return .success(empty)
        }
        return Self.parse(buffer)
    }

    /// A whole body parsed with `RampartJSON`; 400 `bad_json` naming line and column when malformed.
    static func parse(_ body: ByteBuffer) -> Result<JSONValue, APIError> {
        do {
            return .success(try JSONParser.parse(Array(body.readableBytesView)))
        } catch {
            return .failure(APIError(400, "bad_json", "request body is not valid JSON: \(error)"))
        }
    }
}

/// The authenticated caller, or anonymous on an open route.
struct Caller: Sendable {
    var name: String
    var role: Role?
    /// The bots and accounts a trader token may act for; nil when unscoped (ops, admin, open routes).
    var scope: TokenScope?

    static let anonymous = Caller(name: "anonymous", role: nil)

    /// 403 `out_of_scope` when the caller may not act for `bot` or `account`; nil when it may.
    func outOfScope(bot: String?, account: String?) -> APIError? {
        guard let scope else { return nil }
        if let bot, !scope.admits(bot: bot) {
            return APIError(403, "out_of_scope", "token '\(name)' may not act for bot '\(bot)' (bots \(scope.botList))")
        }
        if let account, !scope.admits(account: account) {
            return APIError(
                403,
                "out_of_scope",
                "token '\(name)' may not act in account '\(account)' (accounts \(scope.accountList))"
            )
        }
        return nil
    }
}

/// A handler's answer: status and JSON body (or raw text for `/metrics`).
struct Reply: Sendable {
    var status: Int
    var body: [UInt8]
    var contentType: String
    /// Seconds for a `Retry-After` header (429 answers).
    var retryAfter: Int? = nil

    static func json(_ value: JSONValue, status: Int = 200) -> Reply {
        var body = JSONWriter.bytes(value)
        body.append(UInt8(ascii: "\n"))
        return Reply(status: status, body: body, contentType: "application/json")
    }

    static func error(_ error: APIError) -> Reply {
        var reply = json(error.json, status: error.status)
        reply.retryAfter = error.retryAfter
        return reply
    }

    var response: Response {
        Response(
            status: HTTPResponse.Status(code: status),
            headers: headerFields,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body))
        )
    }

    /// The answer's own header fields (the server adds `Content-Length`, `Date` and `Server`).
    var headerFields: HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        if status == 401 { headers[.wwwAuthenticate] = "Bearer" }
        // The rest of a refused body is never read: close the connection rather than leave it half-read.
        if status == 413 { headers[.connection] = "close" }
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return headers
    }
}

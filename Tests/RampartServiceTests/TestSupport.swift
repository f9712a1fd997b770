import Foundation
import Logging
import RampartConfig
import RampartDesk
import RampartJSON
import RampartRules
import RampartService
import RampartStore
import ServiceLifecycle

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// An HTTP answer.
struct HTTPReply: Sendable {
    var status: Int
    var body: String
    /// Response headers by lower-cased name.
    var headers: [String: String] = [:]
    var json: JSONValue? { try? JSONParser.parse(body) }
}

/// The real server on 127.0.0.1, port 0, over a copy of the seed rules and profiles in a temporary directory.
final class TestServer: Sendable {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A token no database knows.
    static let wrongToken = "rmp_not-a-token-0123456789"

    let directory: URL
    let port: Int
    let task: Task<Void, any Error>
    private let group: ServiceGroup
    let server: RampartServer
    let session: URLSession
    private let tokens: [Role: String]

    var profilesDirectory: URL { directory.appendingPathComponent("profiles") }

    private init(
        directory: URL,
        port: Int,
        task: Task<Void, any Error>,
        group: ServiceGroup,
        server: RampartServer,
        tokens: [Role: String]
    ) {
        self.directory = directory
        self.port = port
        self.task = task
        self.group = group
        self.server = server
        self.tokens = tokens
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 16
        self.session = URLSession(configuration: configuration)
    }

    /// The bearer token of the test caller with `role` (`tina` trader, `oscar` ops, `ada` admin).
    func token(_ role: Role) -> String { tokens[role] ?? Self.wrongToken }

    /// A new trader token with `scope` in the server's database.
    func traderToken(name: String, bots: String, accounts: String) throws -> String {
        let desk = server.dependencies.desk
        let store = TokenStore(database: desk.store.database, audit: desk.audit)
        return try store.create(
            role: .trader,
            name: name,
            scope: TokenScope(bots: bots, accounts: accounts),
            actor: "test"
        )
    }

    /// The production server (durable desk over a fresh SQLite database) over a copy of the seed files, with one
    /// token per role.
    static func makeServer(
        directory: URL,
        throttling: ThrottleConfiguration = .standard
    ) async throws -> (RampartServer, [Role: String]) {
        let loader = ProfileLoader(
            rulesDirectory: directory.appendingPathComponent("rules").path,
            profilesDirectory: directory.appendingPathComponent("profiles").path
        )
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let auditKey = try AuditKey(bytes: (0..<32).map { _ in UInt8.random(in: 0...255) })
        let configuration = DeskConfiguration(
            databasePath: directory.appendingPathComponent("rampart.sqlite").path,
            profile: try loader.compile("paper"),
            auditKey: auditKey
        )
        let server = try await RampartServer.open(
            configuration,
            loader: loader,
            profileNameOrPath: "paper",
            metricsPublic: false,
            logger: logger,
            throttling: throttling
        )
        let store = TokenStore(database: server.dependencies.desk.store.database, audit: server.dependencies.desk.audit)
        var tokens: [Role: String] = [:]
        for (role, name) in [(Role.trader, "tina"), (.ops, "oscar"), (.admin, "ada")] {
            let scope = role == .trader ? TokenScope(bots: "*", accounts: "*") : nil
            tokens[role] = try store.create(role: role, name: name, scope: scope, actor: "test")
        }
        return (server, tokens)
    }

    /// Starts a server and waits until it listens. The failed-authentication throttle is off by default, so that
    /// tests sending many wrong tokens see 401s (`ThrottleServiceTests` turns it on).
    static func start(
        throttling: ThrottleConfiguration = ThrottleConfiguration(authFailureRate: nil)
    ) async throws -> TestServer {
        let manager = FileManager.default
        let directory = manager.temporaryDirectory.appendingPathComponent("rampart-service-\(UUID().uuidString)")
        try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        for name in ["rules", "profiles"] {
            try manager.copyItem(
                at: packageRoot.appendingPathComponent(name),
                to: directory.appendingPathComponent(name)
            )
        }
        let (server, tokens) = try await makeServer(directory: directory, throttling: throttling)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        // The server runs as a service of a group of its own, so `stop` shuts it down gracefully, as SIGTERM does
        // in production: the requests in flight drain, then the state snapshot for the stop and the journal flush.
        var logger = Logger(label: "rampart.test-server")
        logger.logLevel = .warning
        let run = ServerRun {
            try await server.run(listen: .tcp(host: "127.0.0.1", port: 0), handleSignals: false) { port in
                continuation.yield(port ?? -1)
                continuation.finish()
            }
        }
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [run], logger: logger))
        let task = Task { try await group.run() }
        var port = -1
        for await value in ports { port = value }
        return TestServer(directory: directory, port: port, task: task, group: group, server: server, tokens: tokens)
    }

    /// Shuts the server down gracefully, waits until it has stopped, and removes the directory.
    func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
        try? FileManager.default.removeItem(at: directory)
    }

    /// Sends one request.
    func request(_ method: String, _ path: String, token: String? = nil, body: String? = nil) async throws -> HTTPReply
    {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let session = self.session
        let request2 = request
        return try await withCheckedThrowingContinuation { continuation in
            session.dataTask(with: request2) { data, response, error in
                if let error { return continuation.resume(throwing: error) }
                let http = response as? HTTPURLResponse
                var headers: [String: String] = [:]
                for case (let name as String, let value as String) in http?.allHeaderFields ?? [:] {
                    headers[name.lowercased()] = value
                }
                continuation.resume(
                    returning: HTTPReply(
                        status: http?.statusCode ?? -1,
                        body: String(decoding: data ?? Data(), as: UTF8.self),
                        headers: headers
                    )
                )
            }.resume()
        }
    }

    /// An order body for `bot` (limit buy of 0.001 BTC at 60000).
    static func order(bot: String, id: String? = nil, quantity: String = "0.001") -> String {
        let idMember = id.map { #","client_order_id":"\#($0)""# } ?? ""
        return
            #"{"bot":"\#(bot)","symbol":"BTC/USDT","side":"buy","type":"limit","quantity":"\#(quantity)","price":"60000","reference_price":"60000"\#(idMember)}"#
    }
}

/// `RampartServer.run` as a service, for a test's group to shut down gracefully.
private struct ServerRun: Service {
    let body: @Sendable () async throws -> Void

    func run() async throws { try await body() }
}

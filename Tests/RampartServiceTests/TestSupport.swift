import Foundation
import Logging
import RampartConfig
import RampartJSON
import RampartRules
import RampartService

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A test digest (FNV-1a, 64 bit): the test target has no crypto; the CLI passes keyed HMAC-SHA256.
@Sendable func testDigest(_ bytes: [UInt8]) -> [UInt8] {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return (0..<8).map { UInt8(truncatingIfNeeded: hash >> ($0 * 8)) }
}

/// Tokens of the test server, one per role.
enum TestTokens {
    static let trader = "trader-token-0123456789"
    static let ops = "ops-token-0123456789abc"
    static let admin = "admin-token-0123456789a"
    static let wrong = "not-a-token-0123456789"

    static func token(for role: Role) -> String {
        switch role {
        case .trader: trader
        case .ops: ops
        case .admin: admin
        }
    }
}

/// An HTTP answer.
struct HTTPReply: Sendable {
    var status: Int
    var body: String
    var json: JSONValue? { try? JSONParser.parse(body) }
}

/// The real server on 127.0.0.1, port 0, over a copy of the seed rules and profiles in a temporary directory.
final class TestServer: Sendable {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    let directory: URL
    let port: Int
    let task: Task<Void, any Error>
    let server: RampartServer
    let session: URLSession

    var profilesDirectory: URL { directory.appendingPathComponent("profiles") }

    private init(directory: URL, port: Int, task: Task<Void, any Error>, server: RampartServer) {
        self.directory = directory
        self.port = port
        self.task = task
        self.server = server
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 16
        self.session = URLSession(configuration: configuration)
    }

    /// Builds the dependencies over a fresh copy of the seed files.
    static func makeServer(directory: URL) throws -> RampartServer {
        let loader = ProfileLoader(
            rulesDirectory: directory.appendingPathComponent("rules").path,
            profilesDirectory: directory.appendingPathComponent("profiles").path
        )
        let profile = try loader.compile("paper")
        let desk = GateDesk(gate: Gate(profile: profile, clock: SystemClock.now), store: InMemoryTradingStateStore())
        let metrics = ServiceMetrics()
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let reloader = ProfileReloader(
            loader: loader,
            nameOrPath: "paper",
            desk: desk,
            metrics: metrics,
            loadedAt: SystemClock.now(),
            logger: logger
        )
        let authority = InMemoryTokenAuthority(
            tokens: [
                (name: "tina", role: .trader, token: TestTokens.trader),
                (name: "oscar", role: .ops, token: TestTokens.ops),
                (name: "ada", role: .admin, token: TestTokens.admin),
            ],
            digest: testDigest
        )
        return RampartServer(
            ServerDependencies(
                desk: desk,
                authority: authority,
                journal: InMemoryJournal(),
                reloader: reloader,
                metrics: metrics,
                logger: logger
            )
        )
    }

    /// Starts a server and waits until it listens.
    static func start() async throws -> TestServer {
        let manager = FileManager.default
        let directory = manager.temporaryDirectory.appendingPathComponent("rampart-service-\(UUID().uuidString)")
        try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        for name in ["rules", "profiles"] {
            try manager.copyItem(
                at: packageRoot.appendingPathComponent(name),
                to: directory.appendingPathComponent(name)
            )
        }
        let server = try makeServer(directory: directory)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let task = Task {
            try await server.run(listen: .tcp(host: "127.0.0.1", port: 0), handleSignals: false) { port in
                continuation.yield(port ?? -1)
                continuation.finish()
            }
        }
        var port = -1
        for await value in ports { port = value }
        return TestServer(directory: directory, port: port, task: task, server: server)
    }

    /// Stops the server and removes the directory.
    func stop() async {
        task.cancel()
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
                let status = (response as? HTTPURLResponse)?.statusCode ?? -1
                continuation.resume(
                    returning: HTTPReply(status: status, body: String(decoding: data ?? Data(), as: UTF8.self))
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

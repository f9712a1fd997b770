import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Starts the real `rampart serve` binary on 127.0.0.1, talks HTTP, kills it with SIGKILL and starts it again.
@Suite(.serialized) struct ServeEndToEndTests {
    final class Server: @unchecked Sendable {
        let process = Process()
        let output = Pipe()
        var port = 0

        init(
            db: String,
            environment: [String: String],
            directory: URL = RampartProcess.packageRoot,
            profile: String = "paper",
            arguments: [String] = []
        ) throws {
            process.executableURL = RampartProcess.binary
            process.arguments =
                ["serve", "--db", db, "--listen", "127.0.0.1:0", "--profile", profile, "--watch-interval", "0"]
                + arguments
            process.currentDirectoryURL = directory
            process.environment = environment
            process.standardOutput = output
            process.standardError = output
            try process.run()
            // The server logs "listening on 127.0.0.1:PORT" once it is bound.
            var seen = ""
            let deadline = Date().addingTimeInterval(30)
            while port == 0 && Date() < deadline {
                let data = output.fileHandleForReading.availableData
                if data.isEmpty { Thread.sleep(forTimeInterval: 0.05); continue }
                seen += String(decoding: data, as: UTF8.self)
                if let range = seen.range(of: #"listening on 127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                    port = Int(seen[range].split(separator: ":").last ?? "") ?? 0
                }
            }
            if port == 0 { throw ServerError(log: seen) }
        }

        /// Kills the server (`kill -9`); a second call does nothing.
        func kill() {
            guard process.isRunning else { return }
            Foundation.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }

        func request(
            _ method: String,
            _ path: String,
            token: String?,
            body: String? = nil
        ) async throws -> (Int, [String: Any]) {
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
            request.httpMethod = method
            if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
            if let body, method != "GET" { request.httpBody = Data(body.utf8) }
            let (data, response) = try await URLSession.shared.data(for: request)
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
            return (status, json)
        }
    }

    struct ServerError: Error { var log: String }

    @Test func ordersHaltsAndPositionsSurviveKillNine() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "rampart-serve-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var environment = ProcessInfo.processInfo.environment
        environment["RAMPART_MASTER_KEY"] = String(repeating: "5a", count: 32)
        environment.removeValue(forKey: "RAMPART_MASTER_KEY_FILE")
        let db = directory.appendingPathComponent("state.sqlite").path
        func token(_ role: String) throws -> String {
            let result = try RampartProcess.run(
                ["token", "create", "--db", db, "--role", role, "--name", role]
                    + (role == "trader" ? ["--bots", "*", "--accounts", "*"] : []),
                environment: environment
            )
            return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let trader = try token("trader")
        let admin = try token("admin")

        let first = try Server(db: db, environment: environment)
        let order =
            #"{"bot":"b1","symbol":"BTC/USDT","side":"buy","type":"limit","quantity":"0.01","price":"65000","reference_price":"65000","client_order_id":"e2e-1"}"#
        #expect(try await first.request("POST", "/v1/orders", token: nil, body: order).0 == 401)
        #expect(
            try await first.request(
                "POST",
                "/v1/orders",
                token: "rmp_" + String(repeating: "0", count: 64),
                body: order
            ).0 == 401
        )
        let (status, decision) = try await first.request("POST", "/v1/orders", token: trader, body: order)
        #expect(status == 200)
        #expect(decision["allowed"] as? Bool == true)
        #expect((decision["profile_hash"] as? String)?.count == 64)
        let stopBody = #"{"scope":"global","mode":"halt","reason":"e2e"}"#
        #expect(try await first.request("POST", "/v1/emergency-stop", token: trader, body: stopBody).0 == 403)
        #expect(try await first.request("POST", "/v1/emergency-stop", token: admin, body: stopBody).0 == 200)
        first.kill()

        let second = try Server(db: db, environment: environment)
        defer { second.kill() }
        let exit =
            #"{"bot":"b1","symbol":"BTC/USDT","side":"sell","type":"limit","quantity":"0.01","price":"65000","reference_price":"65000","client_order_id":"e2e-2"}"#
        let (_, halted) = try await second.request("POST", "/v1/orders", token: trader, body: exit)
        #expect(halted["allowed"] as? Bool == false)
        let violations = halted["violations"] as? [[String: Any]] ?? []
        #expect(violations.first?["actual"] as? String == "HALTED")
        // Idempotency survives the restart: a re-send of the first order returns its journaled decision.
        let (_, again) = try await second.request("POST", "/v1/orders", token: trader, body: order)
        #expect(again["allowed"] as? Bool == true)
        #expect(again["replayed"] as? Bool == true)
        #expect(again["decided_at"] as? String == decision["decided_at"] as? String)
        #expect(again["profile_hash"] as? String == decision["profile_hash"] as? String)
        let state = try RampartProcess.run(["state", "--db", db], environment: environment)
        #expect(state.stdout.contains("global: HALTED"))
        #expect(state.stdout.contains("b1  BTC/USDT  0.01"))
        let audit = try RampartProcess.run(["audit", "verify", "--db", db], environment: environment)
        #expect(audit.status == 0)
    }

    /// A scratch copy of rules/ and profiles/, a database with a trader and an admin token, and the environment.
    func scratchService() throws -> (
        directory: URL, db: String, environment: [String: String], trader: String, admin: String
    ) {
        let directory = try RampartProcess.scratchCopy()
        var environment = ProcessInfo.processInfo.environment
        environment["RAMPART_MASTER_KEY"] = String(repeating: "7c", count: 32)
        environment.removeValue(forKey: "RAMPART_MASTER_KEY_FILE")
        let db = directory.appendingPathComponent("state.sqlite").path
        func token(_ role: String) throws -> String {
            try RampartProcess.run(
                ["token", "create", "--db", db, "--role", role, "--name", role]
                    + (role == "trader" ? ["--bots", "*", "--accounts", "*"] : []),
                environment: environment
            )
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return (directory, db, environment, try token("trader"), try token("admin"))
    }

    static func order(bot: String) -> String {
        #"{"bot":"\#(bot)","symbol":"BTC/USDT","side":"buy","type":"limit","quantity":"0.001","price":"60000","reference_price":"60000"}"#
    }

    @Test func rampartStopHaltsARunningServiceWithinASecondAndAServiceStartedAfterItStartsHalted() async throws {
        let service = try scratchService()
        defer { try? FileManager.default.removeItem(at: service.directory) }
        // With the service down: the halt is written, and the service starts halted.
        let down = try RampartProcess.run(
            ["stop", "--db", service.db, "--scope", "bot:stopped-bot", "--reason", "drill"],
            environment: service.environment
        )
        #expect(down.status == 0, "\(down.stderr)")
        // `rampart state` says the halt waits for a service, so nobody reads the ACTIVE state as "the stop failed".
        let waiting = try RampartProcess.run(["state", "--db", service.db], environment: service.environment)
        #expect(waiting.stdout.contains("applied when a service starts"), "\(waiting.stdout)")
        #expect(waiting.stdout.contains("bot:stopped-bot  drill"))
        let server = try Server(db: service.db, environment: service.environment, directory: service.directory)
        defer { server.kill() }
        let first = try await server.request(
            "POST",
            "/v1/orders",
            token: service.trader,
            body: Self.order(bot: "stopped-bot")
        )
        #expect(first.1["allowed"] as? Bool == false)
        let other = try await server.request(
            "POST",
            "/v1/orders",
            token: service.trader,
            body: Self.order(bot: "free-bot")
        )
        #expect(other.1["allowed"] as? Bool == true)
        // With the service up: a global halt from the CLI is in force within a second (the sync's interval).
        let up = try RampartProcess.run(["stop", "--db", service.db], environment: service.environment)
        #expect(up.status == 0, "\(up.stderr)")
        let deadline = Date().addingTimeInterval(3)
        var halted = false
        while !halted && Date() < deadline {
            try await Task.sleep(for: .milliseconds(100))
            let reply = try await server.request(
                "POST",
                "/v1/orders/check",
                token: service.trader,
                body: Self.order(bot: "free-bot")
            )
            halted = reply.1["allowed"] as? Bool == false
        }
        #expect(halted, "the CLI stop was not applied within 3 s")
        let audit = try RampartProcess.run(["audit", "verify", "--db", service.db], environment: service.environment)
        #expect(audit.status == 0, "\(audit.stdout) \(audit.stderr)")
    }

    @Test func reloadUnderLoadAnswersEveryOrderWithTheOldOrTheNewHashAndABrokenProfileKeepsIt() async throws {
        let service = try scratchService()
        defer { try? FileManager.default.removeItem(at: service.directory) }
        let server = try Server(db: service.db, environment: service.environment, directory: service.directory)
        defer { server.kill() }
        let oldHash = try await server.request("GET", "/v1/profile", token: service.admin).1["hash"] as? String
        let base = service.directory.appendingPathComponent("profiles/base.yaml")
        let text = try String(contentsOf: base, encoding: .utf8)
        let hashes = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
            for index in 0..<200 {
                group.addTask {
                    let (status, body) = try await server.request(
                        "POST",
                        "/v1/orders",
                        token: service.trader,
                        body: Self.order(bot: "load-\(index)")
                    )
                    return (status, body["profile_hash"] as? String)
                }
            }
            group.addTask {
                try text.replacingOccurrences(of: "max_order_notional: 1000", with: "max_order_notional: 900")
                    .write(to: base, atomically: true, encoding: .utf8)
                let (status, _) = try await server.request("POST", "/v1/reload", token: service.admin)
                return (status, nil)
            }
            var results: [(Int, String?)] = []
            for try await result in group { results.append(result) }
            return results
        }
        #expect(hashes.allSatisfy { $0.0 == 200 }, "every request answered 200")
        let newHash = try await server.request("GET", "/v1/profile", token: service.admin).1["hash"] as? String
        #expect(newHash != oldHash)
        let seen = Set(hashes.compactMap(\.1))
        #expect(seen.isSubset(of: [oldHash ?? "", newHash ?? ""]), "decisions named only the old or the new hash")

        try (text + "\nlimits:\n  max_order_notionl: 5\n").write(to: base, atomically: true, encoding: .utf8)
        let (status, failure) = try await server.request("POST", "/v1/reload", token: service.admin)
        #expect(status == 422)
        #expect("\(failure)".contains("profiles/base.yaml:"))
        #expect(try await server.request("GET", "/v1/profile", token: service.admin).1["hash"] as? String == newHash)
    }

    @Test func afterTheEmergencyStopResponseNoOrderGetsThrough() async throws {
        let service = try scratchService()
        defer { try? FileManager.default.removeItem(at: service.directory) }
        let server = try Server(db: service.db, environment: service.environment, directory: service.directory)
        defer { server.kill() }
        let stopped = Tally()
        let outcomes = try await withThrowingTaskGroup(of: [(started: UInt64, allowed: Bool)].self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var seen: [(started: UInt64, allowed: Bool)] = []
                    for index in 0..<40 {
                        let started = DispatchTime.now().uptimeNanoseconds
                        let (_, body) = try await server.request(
                            "POST",
                            "/v1/orders",
                            token: service.trader,
                            body: Self.order(bot: "w\(worker)-\(index)")
                        )
                        seen.append((started, body["allowed"] as? Bool ?? true))
                    }
                    return seen
                }
            }
            group.addTask {
                try await Task.sleep(for: .milliseconds(100))
                let (status, _) = try await server.request(
                    "POST",
                    "/v1/emergency-stop",
                    token: service.admin,
                    body: #"{"scope":"global","mode":"halt","reason":"drill"}"#
                )
                if status == 200 { stopped.set(DispatchTime.now().uptimeNanoseconds) }
                return []
            }
            var all: [(started: UInt64, allowed: Bool)] = []
            for try await batch in group { all += batch }
            return all
        }
        let stopAnswered = try #require(stopped.value)
        let after = outcomes.filter { $0.started > stopAnswered }
        #expect(!after.isEmpty, "some orders started after the stop answered")
        #expect(after.allSatisfy { !$0.allowed }, "no order that started after the stop response was allowed")
        #expect(outcomes.contains { $0.allowed }, "orders before the stop went through")
    }
}

extension ServeEndToEndTests {
    @Test func everyRouteAnswers401Or403OrServesAsTheRoleTableSays() async throws {
        let service = try scratchService()
        defer { try? FileManager.default.removeItem(at: service.directory) }
        let ops = try RampartProcess.run(
            ["token", "create", "--db", service.db, "--role", "ops", "--name", "ops"],
            environment: service.environment
        ).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        // Two dozen failed authentications from one address: the failure throttle would answer 429 after five.
        let server = try Server(
            db: service.db,
            environment: service.environment,
            directory: service.directory,
            arguments: ["--auth-failure-rate", "off"]
        )
        defer { server.kill() }
        let tokens = ["trader": service.trader, "ops": ops, "admin": service.admin]
        // The route table of docs/api.md: admin may call everything.
        let routes: [(method: String, path: String, roles: Set<String>?)] = [
            ("POST", "/v1/orders", ["trader", "admin"]), ("POST", "/v1/orders/check", ["trader", "admin"]),
            ("GET", "/v1/state", ["ops", "admin"]), ("POST", "/v1/reload", ["ops", "admin"]),
            ("GET", "/v1/profile", ["ops", "admin"]), ("GET", "/v1/bots/b1/eligibility", ["ops", "admin"]),
            ("POST", "/v1/emergency-stop", ["ops", "admin"]), ("POST", "/v1/resume", ["admin"]),
            ("POST", "/v1/bots/b1/promotion", ["admin"]), ("POST", "/v1/bots/b1/promotion/confirm", ["admin"]),
            ("GET", "/metrics", ["ops", "admin"]), ("GET", "/healthz", nil), ("GET", "/readyz", nil),
        ]
        let wrong = "rmp_" + String(repeating: "f", count: 64)
        for route in routes {
            let anonymous = try await server.request(route.method, route.path, token: nil, body: "{}").0
            let forged = try await server.request(route.method, route.path, token: wrong, body: "{}").0
            guard let roles = route.roles else {
                #expect(anonymous == 200, "\(route.method) \(route.path) without a token")
                continue
            }
            #expect(anonymous == 401, "\(route.method) \(route.path) without a token")
            #expect(forged == 401, "\(route.method) \(route.path) with a wrong token")
            for (role, token) in tokens {
                let status = try await server.request(route.method, route.path, token: token, body: "{}").0
                if roles.contains(role) {
                    #expect(status != 401 && status != 403, "\(route.method) \(route.path) as \(role): \(status)")
                } else {
                    #expect(status == 403, "\(route.method) \(route.path) as \(role): \(status)")
                }
            }
        }
    }
}

/// A value one task sets and another reads.
final class Tally: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: UInt64?
    var value: UInt64? { lock.withLock { stored } }
    func set(_ value: UInt64) { lock.withLock { stored = value } }
}

extension ServeEndToEndTests {
    @Test func aReloadedPaperSectionTakesEffectForTheNextOrder() async throws {
        let service = try scratchService()
        defer { try? FileManager.default.removeItem(at: service.directory) }
        let base = service.directory.appendingPathComponent("profiles/base.yaml")
        let text = try String(contentsOf: base, encoding: .utf8)
        #expect(text.contains("reject_rate: 3%"))
        try text.replacingOccurrences(of: "reject_rate: 3%", with: "reject_rate: 0%").write(
            to: base,
            atomically: true,
            encoding: .utf8
        )
        let server = try Server(db: service.db, environment: service.environment, directory: service.directory)
        defer { server.kill() }
        func execution(_ quantity: String) async throws -> [String: Any] {
            let body =
                #"{"bot":"p1","symbol":"BTC/USDT","side":"buy","type":"limit","quantity":"\#(quantity)","price":"60000","reference_price":"60000"}"#
            return try await server.request("POST", "/v1/orders", token: service.trader, body: body).1["execution"]
                as? [String: Any] ?? [:]
        }
        for quantity in ["0.001", "0.002", "0.003"] {
            #expect(try await execution(quantity)["status"] as? String == "filled", "reject_rate 0%: every order fills")
        }
        try text.replacingOccurrences(of: "reject_rate: 3%", with: "reject_rate: 100%").write(
            to: base,
            atomically: true,
            encoding: .utf8
        )
        #expect(try await server.request("POST", "/v1/reload", token: service.admin).0 == 200)
        for quantity in ["0.004", "0.005"] {
            let rejected = try await execution(quantity)
            #expect(rejected["status"] as? String == "rejected", "reject_rate 100% after the reload: \(rejected)")
        }
    }
}

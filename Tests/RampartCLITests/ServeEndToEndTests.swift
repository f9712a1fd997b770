import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Starts the real `rampart serve` binary on 127.0.0.1, talks HTTP, kills it with SIGKILL and starts it again.
@Suite(.serialized) struct ServeEndToEndTests {
    final class Server {
        let process = Process()
        let output = Pipe()
        var port = 0

        init(db: String, environment: [String: String]) throws {
            process.executableURL = RampartProcess.binary
            process.arguments = ["serve", "--db", db, "--listen", "127.0.0.1:0", "--profile", "paper", "--watch-interval", "0"]
            process.currentDirectoryURL = RampartProcess.packageRoot
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

        func kill() {
            Foundation.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }

        func request(_ method: String, _ path: String, token: String?, body: String? = nil) async throws -> (Int, [String: Any]) {
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
            request.httpMethod = method
            if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
            if let body { request.httpBody = Data(body.utf8) }
            let (data, response) = try await URLSession.shared.data(for: request)
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
            return (status, json)
        }
    }

    struct ServerError: Error { var log: String }

    @Test func ordersHaltsAndPositionsSurviveKillNine() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rampart-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var environment = ProcessInfo.processInfo.environment
        environment["RAMPART_MASTER_KEY"] = String(repeating: "5a", count: 32)
        environment.removeValue(forKey: "RAMPART_MASTER_KEY_FILE")
        let db = directory.appendingPathComponent("state.sqlite").path
        func token(_ role: String) throws -> String {
            let result = try RampartProcess.run(["token", "create", "--db", db, "--role", role, "--name", role], environment: environment)
            return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let trader = try token("trader")
        let admin = try token("admin")

        let first = try Server(db: db, environment: environment)
        let order = #"{"bot":"b1","symbol":"BTC/USDT","side":"buy","type":"limit","quantity":"0.01","price":"65000","reference_price":"65000","client_order_id":"e2e-1"}"#
        #expect(try await first.request("POST", "/v1/orders", token: nil, body: order).0 == 401)
        #expect(try await first.request("POST", "/v1/orders", token: "rmp_" + String(repeating: "0", count: 64), body: order).0 == 401)
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
        let exit = #"{"bot":"b1","symbol":"BTC/USDT","side":"sell","type":"limit","quantity":"0.01","price":"65000","reference_price":"65000","client_order_id":"e2e-2"}"#
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
}

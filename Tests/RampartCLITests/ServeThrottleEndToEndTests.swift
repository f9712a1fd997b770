import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The real `rampart serve` binary's throttles (DESIGN §9): `--token-rate` and `--auth-failure-rate`, each answered
/// 429 with `Retry-After`.
extension ServeEndToEndTests {
    /// One request: status, `Retry-After` (nil when absent) and the error code of the body, if any.
    static func throttledRequest(
        _ server: Server,
        _ method: String,
        _ path: String,
        token: String?,
        body: String? = nil
    ) async throws -> (status: Int, retryAfter: Int?, code: String?) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(server.port)\(path)")!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body { request.httpBody = Data(body.utf8) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        return (
            http?.statusCode ?? 0,
            (http?.value(forHTTPHeaderField: "Retry-After")).flatMap { Int($0) },
            (json?["error"] as? [String: Any])?["code"] as? String
        )
    }

    @Test func tokenRateAndAuthFailureRateAnswer429WithRetryAfter() async throws {
        let service = try scratchService()
        defer { try? FileManager.default.removeItem(at: service.directory) }
        let server = try Server(
            db: service.db,
            environment: service.environment,
            directory: service.directory,
            arguments: ["--token-rate", "5/1m"]
        )
        defer { server.kill() }
        let order = Self.order(bot: "busy")
        for _ in 1...5 {
            let reply = try await Self.throttledRequest(
                server,
                "POST",
                "/v1/orders/check",
                token: service.trader,
                body: order
            )
            #expect(reply.status == 200)
        }
        let over = try await Self.throttledRequest(
            server,
            "POST",
            "/v1/orders/check",
            token: service.trader,
            body: order
        )
        #expect(over.status == 429)
        #expect(over.code == "rate_limited")
        #expect((1...12).contains(over.retryAfter ?? 0), "Retry-After \(String(describing: over.retryAfter))")
        #expect(try await Self.throttledRequest(server, "GET", "/v1/state", token: service.admin).status == 200)

        // The default --auth-failure-rate (5/1m): five 401s, then 429 for the address; an accepted token still passes.
        let wrong = "rmp_" + String(repeating: "e", count: 64)
        for _ in 1...5 {
            #expect(try await Self.throttledRequest(server, "GET", "/v1/state", token: wrong).status == 401)
        }
        let refused = try await Self.throttledRequest(server, "GET", "/v1/state", token: wrong)
        #expect(refused.status == 429)
        #expect(refused.code == "auth_throttled")
        #expect((1...12).contains(refused.retryAfter ?? 0), "Retry-After \(String(describing: refused.retryAfter))")
        #expect(try await Self.throttledRequest(server, "GET", "/v1/state", token: service.admin).status == 200)

        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(server.port)/metrics")!)
        request.setValue("Bearer \(service.admin)", forHTTPHeaderField: "Authorization")
        let metrics = String(decoding: try await URLSession.shared.data(for: request).0, as: UTF8.self)
        #expect(metrics.contains("rampart_auth_failures_total 5"), "\(metrics)")
        #expect(metrics.contains("rampart_auth_throttled_total 1"))
        #expect(metrics.contains(#"rampart_token_throttled_total{token="trader"} 1"#))
    }

    @Test func throttlesCanBeTurnedOffAndABadRateIsRefusedAtStart() async throws {
        let service = try scratchService()
        defer { try? FileManager.default.removeItem(at: service.directory) }
        let bad = try RampartProcess.run(
            ["serve", "--db", service.db, "--token-rate", "5/minute"],
            in: service.directory,
            environment: service.environment
        )
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("--token-rate"), "\(bad.stderr)")
        let zero = try RampartProcess.run(
            ["serve", "--db", service.db, "--auth-failure-rate", "0/1m"],
            in: service.directory,
            environment: service.environment
        )
        #expect(zero.status != 0)
        #expect(zero.stderr.contains("--auth-failure-rate"), "\(zero.stderr)")

        let server = try Server(
            db: service.db,
            environment: service.environment,
            directory: service.directory,
            arguments: ["--token-rate", "off", "--auth-failure-rate", "off"]
        )
        defer { server.kill() }
        let wrong = "rmp_" + String(repeating: "e", count: 64)
        for _ in 1...12 {
            #expect(try await Self.throttledRequest(server, "GET", "/v1/state", token: wrong).status == 401)
        }
        #expect(try await Self.throttledRequest(server, "GET", "/v1/state", token: service.admin).status == 200)
    }
}

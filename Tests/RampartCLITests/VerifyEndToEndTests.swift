import Foundation
import Testing

/// `rampart verify` against a real `rampart serve`: every check passes on a sound deployment, changes nothing, and
/// a failed check is a FAIL line and exit 1.
@Suite(.serialized) struct VerifyEndToEndTests {
    typealias Server = ServeEndToEndTests.Server

    @Test func aSoundDeploymentPassesEveryCheckAndNothingChanges() async throws {
        let service = try ServeEndToEndTests().scratchService()
        defer { try? FileManager.default.removeItem(at: service.directory) }
        let server = try Server(db: service.db, environment: service.environment)
        defer { server.kill() }
        let url = "http://127.0.0.1:\(server.port)"
        let result = try RampartProcess.run(
            ["verify", "--url", url, "--token", service.admin, "--trader-token", service.trader],
            environment: service.environment
        )
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        for check in [
            "health", "auth", "roles", "live-trading", "emergency-stop", "api-description", "market-data", "audit",
        ] {
            #expect(result.stdout.contains("ok   \(check):"), "\(check) in \(result.stdout)")
        }
        #expect(result.stdout.contains("live trading off"))
        // The stop was a dry call: trading is still active.
        let state = try await server.request("GET", "/v1/state", token: service.admin).1
        #expect(state["global"] as? String == "ACTIVE")

        // Claimed production, but the API description is served: one FAIL line, exit 1.
        let production = try RampartProcess.run(
            ["verify", "--url", url, "--token", service.admin, "--production"],
            environment: service.environment
        )
        #expect(production.status == 1)
        #expect(production.stdout.contains("FAIL api-description: served in production"), "\(production.stdout)")
        #expect(production.stdout.contains("1 check(s) failed"))

        // A trader token where an ops token belongs fails the role check.
        let wrongRole = try RampartProcess.run(
            ["verify", "--url", url, "--token", service.trader],
            environment: service.environment
        )
        #expect(wrongRole.status == 1)
        #expect(wrongRole.stdout.contains("FAIL roles"), "\(wrongRole.stdout)")
    }

    @Test func anUnreachableServiceFailsEveryCheck() throws {
        let result = try RampartProcess.run([
            "verify", "--url", "http://127.0.0.1:9", "--token", "x", "--timeout-ms", "500",
        ])
        #expect(result.status == 1)
        #expect(result.stdout.contains("FAIL health: healthz unreachable"), "\(result.stdout)")
    }
}

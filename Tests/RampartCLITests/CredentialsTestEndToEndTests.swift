import Foundation
import RampartFakeVenue
import Testing

/// `rampart credentials test` and `POST /v1/credentials/{venue}/test` against the fake venue: one plain answer per
/// cause, a distinct exit status for each, the secret never printed, every test audited.
@Suite(.serialized) struct CredentialsTestEndToEndTests {
    /// A scratch directory with a master key in the environment and a database holding `binance` credentials.
    struct Scratch {
        var directory: URL
        var db: String
        var environment: [String: String]

        init(apiKey: String, secret: String) throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "rampart-credentials-test-\(UUID().uuidString)"
            )
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            db = directory.appendingPathComponent("state.sqlite").path
            environment = ProcessInfo.processInfo.environment
            environment["RAMPART_MASTER_KEY"] = String(repeating: "3e", count: 32)
            environment.removeValue(forKey: "RAMPART_MASTER_KEY_FILE")
            environment.removeValue(forKey: "RAMPART_AUDIT_KEY")
            environment.removeValue(forKey: "RAMPART_AUDIT_KEY_FILE")
            let stored = try RampartProcess.run(
                ["credentials", "set", "--db", db, "--venue", "binance"],
                input: "\(apiKey)\n\(secret)\n",
                environment: environment
            )
            guard stored.status == 0 else { throw ServeEndToEndTests.ServerError(log: stored.stderr) }
        }

        /// `rampart credentials test --venue binance --venue-url URL --db DB`.
        func test(_ url: String, _ extra: [String] = []) throws -> RampartProcess.Result {
            try RampartProcess.run(
                ["credentials", "test", "--venue", "binance", "--venue-url", url, "--db", db] + extra,
                environment: environment
            )
        }

        /// The audit log's lines.
        func auditLines() throws -> [String] {
            try RampartProcess.run(["audit", "list", "--db", db], environment: environment).stdout
                .split(separator: "\n").map(String.init)
        }

        func remove() { try? FileManager.default.removeItem(at: directory) }
    }

    /// Neither the secret nor the whole API key appears in what the command printed.
    static func expectNoSecrets(_ result: RampartProcess.Result, venue: FakeVenue, secret: String? = nil) {
        let printed = result.stdout + result.stderr
        #expect(!printed.contains(secret ?? venue.secret), "the secret was printed: \(printed)")
        #expect(!printed.contains(venue.apiKey), "the whole API key was printed: \(printed)")
    }

    @Test func storedCredentialsThatWorkSayWorksWithTheAccountAndTheClockAndAreAudited() async throws {
        let venue = FakeVenue()
        let url = try await venue.start()
        defer { Task { await venue.stop() } }
        let scratch = try Scratch(apiKey: venue.apiKey, secret: venue.secret)
        defer { scratch.remove() }

        let result = try scratch.test(url)
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        #expect(result.stdout.hasPrefix("binance at \(url): works"), "\(result.stdout)")
        #expect(result.stdout.contains("SPOT; can trade: yes"), "\(result.stdout)")
        #expect(result.stdout.contains("ms ahead of") || result.stdout.contains("agree"), "\(result.stdout)")
        #expect(result.stdout.contains("API key:  tes…"), "\(result.stdout)")
        #expect(!result.stdout.contains("12345.67"), "balances are not shown: \(result.stdout)")
        Self.expectNoSecrets(result, venue: venue)
        #expect(venue.accountRequests == 1)

        let audit = try scratch.auditLines().filter { $0.contains("credentials.test") }
        #expect(audit.count == 1, "\(audit)")
        #expect(audit.first?.contains("cli:") == true, "\(audit)")
        #expect(audit.first?.contains("venue=binance") == true && audit.first?.contains("result=works") == true)
        #expect(audit.first?.contains(venue.secret) == false && audit.first?.contains(venue.apiKey) == false)
        let verify = try RampartProcess.run(["audit", "verify", "--db", scratch.db], environment: scratch.environment)
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
    }

    @Test func aWrongKeyIsNamedAsSuch() async throws {
        let venue = FakeVenue()
        let url = try await venue.start()
        defer { Task { await venue.stop() } }
        let scratch = try Scratch(apiKey: "not-the-venue-key-0000", secret: venue.secret)
        defer { scratch.remove() }

        let result = try scratch.test(url)
        #expect(result.status == 10, "\(result.stdout) \(result.stderr)")
        #expect(result.stdout.contains("binance at \(url): wrong API key"), "\(result.stdout)")
        #expect(result.stdout.contains("code -2014"), "\(result.stdout)")
        #expect(result.stdout.contains("fix:"), "\(result.stdout)")
        Self.expectNoSecrets(result, venue: venue)
        #expect(!result.stdout.contains("not-the-venue-key-0000"))
        #expect(
            try scratch.auditLines().contains { $0.contains("credentials.test") && $0.contains("result=wrong_key") }
        )
    }

    @Test func aWrongSecretIsABadSignature() async throws {
        let venue = FakeVenue()
        let url = try await venue.start()
        defer { Task { await venue.stop() } }
        let wrongSecret = "wrong-secret-9876543210"
        let scratch = try Scratch(apiKey: venue.apiKey, secret: wrongSecret)
        defer { scratch.remove() }

        let result = try scratch.test(url)
        #expect(result.status == 12, "\(result.stdout) \(result.stderr)")
        #expect(result.stdout.contains("bad signature (wrong secret)"), "\(result.stdout)")
        #expect(result.stdout.contains("code -1022"), "\(result.stdout)")
        Self.expectNoSecrets(result, venue: venue, secret: wrongSecret)
        #expect(!result.stdout.contains(venue.secret))
        #expect(
            try scratch.auditLines().contains { $0.contains("credentials.test") && $0.contains("result=bad_signature") }
        )
    }

    @Test func aClockBehindTheVenueIsClockSkewWithTheOffsetAndTheKeyStillJudged() async throws {
        let venue = FakeVenue()
        let url = try await venue.start()
        defer { Task { await venue.stop() } }
        let scratch = try Scratch(apiKey: venue.apiKey, secret: venue.secret)
        defer { scratch.remove() }
        venue.setClockOffset(.seconds(30))

        let result = try scratch.test(url)
        #expect(result.status == 13, "\(result.stdout) \(result.stderr)")
        #expect(result.stdout.contains("binance at \(url): clock skew"), "\(result.stdout)")
        // The offset in milliseconds, and which side is ahead.
        let offset = try #require(
            result.stdout.firstMatch(of: /the venue's clock is (\d+) ms ahead of this machine's/)
        )
        #expect((29_000...31_000).contains(Int(offset.1) ?? 0), "\(result.stdout)")
        #expect(result.stdout.contains("Stamped with the venue's time, the same call answered: works"))
        #expect(result.stdout.contains("NTP"), "\(result.stdout)")
        Self.expectNoSecrets(result, venue: venue)
        #expect(
            try scratch.auditLines().contains {
                $0.contains("result=clock_skew") && $0.contains("with_venue_time=works") && $0.contains("offset_ms=")
            }
        )
    }

    @Test func aClockAheadOfTheVenueIsClockSkewToo() async throws {
        let venue = FakeVenue()
        let url = try await venue.start()
        defer { Task { await venue.stop() } }
        let scratch = try Scratch(apiKey: venue.apiKey, secret: venue.secret)
        defer { scratch.remove() }
        venue.setClockOffset(.seconds(-4))

        let result = try scratch.test(url)
        #expect(result.status == 13, "\(result.stdout) \(result.stderr)")
        #expect(
            result.stdout.firstMatch(of: /this machine's clock is \d+ ms ahead of the venue's/) != nil,
            "\(result.stdout)"
        )
    }

    @Test func aFirewallPageIsIPNotAllowedAndBinancesMinus2015SaysItCannotTellKeyFromIP() async throws {
        let venue = FakeVenue()
        let url = try await venue.start()
        defer { Task { await venue.stop() } }
        let scratch = try Scratch(apiKey: venue.apiKey, secret: venue.secret)
        defer { scratch.remove() }

        venue.setAccess(.firewall)
        let firewall = try scratch.test(url)
        #expect(firewall.status == 14, "\(firewall.stdout) \(firewall.stderr)")
        #expect(firewall.stdout.contains("IP address not allowed"), "\(firewall.stdout)")
        #expect(firewall.stdout.contains("HTTP 403"), "\(firewall.stdout)")
        #expect(firewall.stdout.contains("was not checked"), "\(firewall.stdout)")
        Self.expectNoSecrets(firewall, venue: venue)

        venue.setAccess(.addressNotAllowed)
        let rejected = try scratch.test(url)
        #expect(rejected.status == 11, "\(rejected.stdout) \(rejected.stderr)")
        #expect(rejected.stdout.contains("API key or IP address rejected"), "\(rejected.stdout)")
        #expect(rejected.stdout.contains("code -2015"), "\(rejected.stdout)")
        #expect(rejected.stdout.contains("does not say which"), "\(rejected.stdout)")
        #expect(rejected.stdout.contains("IP access list"), "\(rejected.stdout)")
        Self.expectNoSecrets(rejected, venue: venue)

        let audit = try scratch.auditLines()
        #expect(audit.contains { $0.contains("result=ip_not_allowed") && $0.contains("http=403") })
        #expect(audit.contains { $0.contains("result=key_or_ip_rejected") && $0.contains("code=-2015") })
    }

    @Test func aVenueThatIsDownIsUnreachable() async throws {
        let venue = FakeVenue()
        let url = try await venue.start()
        let scratch = try Scratch(apiKey: venue.apiKey, secret: venue.secret)
        defer { scratch.remove() }

        // Accepts the connection, answers nothing.
        venue.setAccess(.down)
        let dropped = try scratch.test(url, ["--venue-timeout-ms", "2000"])
        #expect(dropped.status == 15, "\(dropped.stdout) \(dropped.stderr)")
        #expect(dropped.stdout.contains("venue unreachable"), "\(dropped.stdout)")

        // Nothing listens any more: connection refused.
        await venue.stop()
        let refused = try scratch.test(url, ["--venue-timeout-ms", "2000"])
        #expect(refused.status == 15, "\(refused.stdout) \(refused.stderr)")
        #expect(refused.stdout.contains("binance at \(url): venue unreachable"), "\(refused.stdout)")
        #expect(refused.stdout.contains("connection refused"), "\(refused.stdout)")
        Self.expectNoSecrets(refused, venue: venue)
        #expect(try scratch.auditLines().filter { $0.contains("result=venue_unreachable") }.count == 2)
    }

    @Test func aMissingDatabaseOrAPlainHTTPVenueIsRefusedBeforeAnyCall() throws {
        let scratch = try Scratch(apiKey: "some-api-key-123", secret: "some-secret-456")
        defer { scratch.remove() }
        let typo = scratch.directory.appendingPathComponent("typo.sqlite").path
        let missing = try RampartProcess.run(
            ["credentials", "test", "--venue", "binance", "--venue-url", "http://127.0.0.1:9", "--db", typo],
            environment: scratch.environment
        )
        #expect(missing.status == 1, "\(missing.stdout) \(missing.stderr)")
        #expect(missing.stderr.contains("no such database"), "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: typo))

        let plain = try scratch.test("http://venue.example.com")
        #expect(plain.status == 2, "\(plain.stdout) \(plain.stderr)")
        #expect(plain.stderr.contains("must use https://"), "\(plain.stderr)")

        let unknown = try RampartProcess.run(
            ["credentials", "test", "--venue", "kraken", "--venue-url", "http://127.0.0.1:9", "--db", scratch.db],
            environment: scratch.environment
        )
        #expect(unknown.status == 1, "\(unknown.stdout) \(unknown.stderr)")
        #expect(unknown.stderr.contains("no credentials stored for venue kraken"), "\(unknown.stderr)")
    }
}

/// `POST /v1/credentials/{venue}/test` on a running `rampart serve --venue-url`: admin only, the same verdicts.
@Suite(.serialized) struct CredentialsTestRouteEndToEndTests {
    @Test func adminsTestTheServicesVenueOthersAreForbiddenAndEveryTestIsAudited() async throws {
        let venue = FakeVenue()
        let url = try await venue.start()
        defer { Task { await venue.stop() } }
        let service = try ServeLiveEndToEndTests.liveService(for: venue)
        defer { try? FileManager.default.removeItem(at: service.directory) }
        let ops = try RampartProcess.run(
            ["token", "create", "--db", service.db, "--role", "ops", "--name", "ops"],
            environment: service.environment
        )
        .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let server = try ServeEndToEndTests.Server(
            db: service.db,
            environment: service.environment,
            directory: service.directory,
            arguments: ["--venue-url", url]
        )
        defer { server.kill() }
        let path = "/v1/credentials/binance/test"

        let (status, works) = try await server.request("POST", path, token: service.admin)
        #expect(status == 200, "\(works)")
        #expect(works["result"] as? String == "works", "\(works)")
        #expect(works["works"] as? Bool == true)
        #expect(works["venue"] as? String == "binance" && works["venue_url"] as? String == url)
        #expect(works["api_key_prefix"] as? String == "tes…")
        #expect((works["clock"] as? [String: Any])?["offset_ms"] is Int, "\(works)")
        #expect((works["account"] as? [String: Any])?["can_trade"] as? Bool == true, "\(works)")
        #expect(!"\(works)".contains(venue.secret) && !"\(works)".contains(venue.apiKey))

        #expect(try await server.request("POST", path, token: service.trader).0 == 403)
        #expect(try await server.request("POST", path, token: ops).0 == 403)
        #expect(try await server.request("POST", path, token: nil).0 == 401)
        let (other, unknown) = try await server.request("POST", "/v1/credentials/kraken/test", token: service.admin)
        #expect(other == 404, "\(unknown)")
        #expect((unknown["error"] as? [String: Any])?["code"] as? String == "unknown_venue", "\(unknown)")

        venue.setClockOffset(.seconds(30))
        let (_, skew) = try await server.request("POST", path, token: service.admin, body: "{}")
        #expect(skew["result"] as? String == "clock_skew", "\(skew)")
        #expect(skew["with_venue_time"] as? String == "works", "\(skew)")
        #expect(((skew["clock"] as? [String: Any])?["offset_ms"] as? Int ?? 0) > 29_000, "\(skew)")
        venue.setClockOffset(.zero)

        venue.setAccess(.firewall)
        let (blockedStatus, blocked) = try await server.request("POST", path, token: service.admin)
        #expect(blockedStatus == 200)
        #expect(blocked["result"] as? String == "ip_not_allowed", "\(blocked)")
        #expect(blocked["http_status"] as? Int == 403, "\(blocked)")
        venue.setAccess(.open)

        let audit = try RampartProcess.run(["audit", "list", "--db", service.db], environment: service.environment)
        let tests = audit.stdout.split(separator: "\n").filter { $0.contains("credentials.test") }
        #expect(tests.count == 3, "\(audit.stdout)")
        #expect(tests.allSatisfy { $0.contains("token:admin") && $0.contains("venue=binance") }, "\(tests)")
        #expect(!audit.stdout.contains(venue.secret))
    }
}

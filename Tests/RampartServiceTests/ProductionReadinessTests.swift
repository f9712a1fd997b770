import Foundation
import RampartConfig
import RampartService
import Testing

/// The production checks that need no database: the listen address and the keys (the rest is tested end to end
/// against the binary, in RampartCLITests/ServeProductionEndToEndTests).
@Suite struct ProductionReadinessTests {
    static let randomKey = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()

    static func readiness(
        _ listen: String,
        tls: Bool = false,
        behindProxy: Bool = false,
        environment: [String: String] = ["RAMPART_MASTER_KEY": randomKey]
    ) throws -> ProductionReadiness {
        let loader = ProfileLoader(
            rulesDirectory: TestServer.packageRoot.appendingPathComponent("rules").path,
            profilesDirectory: TestServer.packageRoot.appendingPathComponent("profiles").path
        )
        return ProductionReadiness(
            environment: environment,
            listen: try ListenAddress(parsing: listen),
            tlsConfigured: tls,
            behindProxy: behindProxy,
            databasePath: "/nonexistent/rampart.sqlite",
            profile: try loader.compile("paper"),
            venueURL: nil,
            credentialsName: "binance"
        )
    }

    @Test(arguments: [
        ("127.0.0.1:8080", true), ("127.0.0.53:80", true), ("[::1]:8080", true), ("localhost:8080", true),
        ("unix:/run/rampart.sock", true), ("0.0.0.0:8080", false), ("[::]:8080", false), ("10.0.0.5:8080", false),
        ("rampart.internal:8080", false),
    ])
    func loopbackAddresses(listen: String, loopback: Bool) throws {
        #expect(ProductionReadiness.isLoopback(try ListenAddress(parsing: listen)) == loopback)
    }

    @Test func anOpenListenPassesOnlyWithTLSOrBehindAProxy() throws {
        #expect(try Self.readiness("127.0.0.1:8080").problems().isEmpty)
        #expect(try Self.readiness("0.0.0.0:8080").problems().count == 1)
        #expect(try Self.readiness("0.0.0.0:8080", tls: true).problems().isEmpty)
        #expect(try Self.readiness("0.0.0.0:8080", behindProxy: true).problems().isEmpty)
    }

    @Test func keysThatDoNotLoadOrAreWeakAreEachAProblem() throws {
        let none = try Self.readiness("127.0.0.1:8080", environment: [:]).problems()
        #expect(none.count == 1 && none[0].hasPrefix("no master key: set RAMPART_MASTER_KEY_FILE"), "\(none)")
        let short = try Self.readiness("127.0.0.1:8080", environment: ["RAMPART_MASTER_KEY": "abcd"]).problems()
        #expect(short == ["master key: RAMPART_MASTER_KEY must be exactly 64 hex characters, got 4"])
        let both = try Self.readiness(
            "127.0.0.1:8080",
            environment: [
                "RAMPART_MASTER_KEY": String(repeating: "00", count: 32),
                "RAMPART_AUDIT_KEY": String(repeating: "11", count: 32),
            ]
        ).problems()
        #expect(both.count == 2, "\(both)")
        #expect(both.first?.hasPrefix("master key (RAMPART_MASTER_KEY) is weak: all 32 bytes are 0x00") == true)
        #expect(both.last?.hasPrefix("audit key (RAMPART_AUDIT_KEY) is weak: all 32 bytes are 0x11") == true)
    }
}

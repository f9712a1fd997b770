import Foundation
import Testing

/// `rampart restore` against the real binary: a backup taken under load restores to the same state with an
/// intact audit chain; never under a running service; a damaged backup changes nothing.
@Suite(.serialized) struct RestoreEndToEndTests {
    typealias Server = ServeEndToEndTests.Server

    static func order(_ index: Int) -> String {
        #"{"bot":"b\#(index % 3)","symbol":"BTC/USDT","side":"buy","type":"limit","quantity":"0.001","price":"\#(60000 + index)","reference_price":"60000","client_order_id":"o-\#(index)"}"#
    }

    @Test func aBackupTakenUnderLoadRestoresToTheSameStateWithAnIntactAuditChain() async throws {
        let service = try ServeEndToEndTests().scratchService()
        defer { try? FileManager.default.removeItem(at: service.directory) }
        let environment = service.environment
        let backup = service.directory.appendingPathComponent("backup.sqlite").path
        let server = try Server(db: service.db, environment: environment)
        defer { server.kill() }  // killed on purpose below; this covers an early failure
        // Orders keep arriving while the backup runs.
        let load = Task {
            for index in 0..<40 {
                _ = try await server.request("POST", "/v1/orders", token: service.trader, body: Self.order(index))
            }
        }
        try await Task.sleep(for: .milliseconds(50))
        let backedUp = try RampartProcess.run(["backup", "--db", service.db, "--to", backup], environment: environment)
        #expect(backedUp.status == 0, "\(backedUp.stderr)")
        try await load.value

        // With the service still up, a restore is refused and changes nothing.
        let refused = try RampartProcess.run(
            ["restore", "--from", backup, "--db", service.db],
            environment: environment
        )
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("a running rampart serve holds this database"), "\(refused.stderr)")
        server.kill()

        // The state the backup holds, read from a second copy (reading a database may migrate it).
        let reference = service.directory.appendingPathComponent("reference.sqlite").path
        try FileManager.default.copyItem(atPath: backup, toPath: reference)
        let expected = try RampartProcess.run(["state", "--db", reference], environment: environment)
        #expect(expected.status == 0)

        let restored = try RampartProcess.run(
            ["restore", "--from", backup, "--db", service.db],
            environment: environment
        )
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(restored.stdout.contains("integrity_check ok"))
        #expect(restored.stdout.contains("the replaced database is kept at"))
        let audit = try RampartProcess.run(["audit", "verify", "--db", service.db], environment: environment)
        #expect(audit.status == 0, "\(audit.stdout) \(audit.stderr)")
        let state = try RampartProcess.run(["state", "--db", service.db], environment: environment)
        #expect(state.stdout == expected.stdout)
        let entries = try RampartProcess.run(["audit", "list", "--db", service.db], environment: environment)
        #expect(entries.stdout.contains("restore"))

        // The restored database serves again.
        let again = try Server(db: service.db, environment: environment)
        defer { again.kill() }
        let (status, _) = try await again.request("GET", "/v1/state", token: service.admin)
        #expect(status == 200)
        again.kill()
    }

    @Test func aDamagedBackupIsRefusedAndTheDatabaseIsUntouched() throws {
        let service = try ServeEndToEndTests().scratchService()
        defer { try? FileManager.default.removeItem(at: service.directory) }
        let damaged = service.directory.appendingPathComponent("damaged.sqlite").path
        try Data("not a database at all".utf8).write(to: URL(fileURLWithPath: damaged))
        let before = try Data(contentsOf: URL(fileURLWithPath: service.db))
        let result = try RampartProcess.run(
            ["restore", "--from", damaged, "--db", service.db],
            environment: service.environment
        )
        #expect(result.status == 1)
        #expect(try Data(contentsOf: URL(fileURLWithPath: service.db)) == before)
        let missing = try RampartProcess.run(
            ["restore", "--from", damaged + ".nope", "--db", service.db],
            environment: service.environment
        )
        #expect(missing.status == 1 && missing.stderr.contains("no such backup"))
    }
}

import Foundation
import Testing

@Suite struct AdminCommandsTests {
    /// A scratch directory with a 0600 master key file, and the environment that points at it.
    func scratch() throws -> (URL, [String: String]) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "rampart-admin-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let key = directory.appendingPathComponent("master.key")
        _ = FileManager.default.createFile(
            atPath: key.path,
            contents: Data((0..<32).map { UInt8(truncatingIfNeeded: $0 * 7 + 1) }),
            attributes: [.posixPermissions: 0o600]
        )
        var environment = ProcessInfo.processInfo.environment
        environment["RAMPART_MASTER_KEY_FILE"] = key.path
        environment.removeValue(forKey: "RAMPART_MASTER_KEY")
        environment.removeValue(forKey: "RAMPART_AUDIT_KEY")
        environment.removeValue(forKey: "RAMPART_AUDIT_KEY_FILE")
        return (directory, environment)
    }

    @Test func credentialsAreReadFromStandardInputAndNeverStoredInPlaintext() throws {
        let (directory, environment) = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("state.sqlite").path
        let set = try RampartProcess.run(
            ["credentials", "set", "--db", db, "--venue", "binance"],
            input: "my-api-key-123\nmy-secret-456\n",
            environment: environment
        )
        #expect(set.status == 0, "\(set.stderr)")
        let list = try RampartProcess.run(["credentials", "list", "--db", db], environment: environment)
        #expect(list.stdout.hasPrefix("binance"))
        #expect(!list.stdout.contains("my-secret-456"))
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path)
        where file.hasPrefix("state.sqlite") {
            let bytes = try Data(contentsOf: directory.appendingPathComponent(file))
            #expect(bytes.range(of: Data("my-secret-456".utf8)) == nil, "\(file) holds the secret in plaintext")
        }
    }

    @Test func missingMasterKeyIsAClearError() throws {
        let (directory, environment) = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        var bare = environment
        bare.removeValue(forKey: "RAMPART_MASTER_KEY_FILE")
        let result = try RampartProcess.run(
            ["credentials", "set", "--db", directory.appendingPathComponent("s.sqlite").path, "--venue", "binance"],
            input: "key\nsecret\n",
            environment: bare
        )
        #expect(result.status == 1)
        #expect(result.stderr.contains("RAMPART_MASTER_KEY"))
    }

    @Test(arguments: [
        ["state"], ["audit", "verify"], ["audit", "list"], ["backup", "--to", "/tmp/never-written.sqlite"],
        ["token", "list"], ["credentials", "list"], ["promote", "request", "--bot", "b1"],
    ])
    func commandsThatReadADatabaseRefuseAMissingOneAndCreateNothing(command: [String]) throws {
        let (directory, environment) = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("typo.sqlite").path
        let result = try RampartProcess.run(command + ["--db", db], environment: environment)
        #expect(result.status == 1, "\(command): \(result.stdout) \(result.stderr)")
        #expect(result.stderr.contains("no such database"), "\(command): \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: db))
    }

    @Test func tokensAreShownOnceAndTheAuditChainVerifies() throws {
        let (directory, environment) = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("state.sqlite").path
        let created = try RampartProcess.run(
            ["token", "create", "--db", db, "--role", "ops", "--name", "grafana"],
            environment: environment
        )
        #expect(created.status == 0)
        #expect(created.stdout.hasPrefix("rmp_"))
        let token = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let list = try RampartProcess.run(["token", "list", "--db", db], environment: environment)
        #expect(list.stdout.contains("grafana  ops"))
        #expect(!list.stdout.contains(token))
        let verify = try RampartProcess.run(["audit", "verify", "--db", db], environment: environment)
        #expect(verify.status == 0)
        #expect(verify.stdout.contains("intact: 1 entries") || verify.stdout.contains("intact"))
        let badRole = try RampartProcess.run(
            ["token", "create", "--db", db, "--role", "root", "--name", "x"],
            environment: environment
        )
        #expect(badRole.status == 2)
    }

    @Test func traderTokensAreScopedAndListShowsTheScope() throws {
        let (directory, environment) = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("state.sqlite").path
        let unscoped = try RampartProcess.run(
            ["token", "create", "--db", db, "--role", "trader", "--name", "bot-runner"],
            environment: environment
        )
        #expect(unscoped.status == 1)
        #expect(unscoped.stderr.contains("a trader token needs a scope: --bots and --accounts"))
        let half = try RampartProcess.run(
            ["token", "create", "--db", db, "--role", "trader", "--name", "bot-runner", "--bots", "grid-*"],
            environment: environment
        )
        #expect(half.status == 2)
        let scoped = try RampartProcess.run(
            [
                "token", "create", "--db", db, "--role", "trader", "--name", "grid-runner", "--bots",
                "grid-*,scalper-1",
                "--accounts", "main",
            ],
            environment: environment
        )
        #expect(scoped.status == 0, "\(scoped.stderr)")
        let list = try RampartProcess.run(["token", "list", "--db", db], environment: environment)
        #expect(list.stdout.contains("grid-runner  trader"))
        #expect(list.stdout.contains("bots grid-*,scalper-1 accounts main"))
    }
}

@Suite struct StateAndPromotionCommandsTests {
    @Test func stateOfAnEmptyJournalAndARefusedPromotion() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "rampart-state-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var environment = ProcessInfo.processInfo.environment
        environment["RAMPART_MASTER_KEY"] = String(repeating: "ab", count: 32)
        environment.removeValue(forKey: "RAMPART_MASTER_KEY_FILE")
        let db = directory.appendingPathComponent("state.sqlite").path
        // A database made by a command that creates one (token create); `state` itself creates nothing.
        let created = try RampartProcess.run(
            ["token", "create", "--db", db, "--role", "ops", "--name", "watcher"],
            environment: environment
        )
        #expect(created.status == 0, "\(created.stderr)")
        let state = try RampartProcess.run(["state", "--db", db], environment: environment)
        #expect(state.status == 0, "\(state.stderr)")
        #expect(state.stdout.hasPrefix("global: ACTIVE"))
        let request = try RampartProcess.run(
            ["promote", "request", "--db", db, "--bot", "newbie"],
            environment: environment
        )
        #expect(request.status == 1)
        #expect(request.stderr.contains("not eligible"))
        #expect(request.stderr.contains("min_paper_days, min_trades, min_win_rate, min_profit"))
        let confirm = try RampartProcess.run(
            ["promote", "confirm", "--db", db, "--bot", "newbie", "--nonce", "00"],
            input: "I UNDERSTAND\n",
            environment: environment
        )
        #expect(confirm.status == 1)
        #expect(confirm.stderr.contains("no pending promotion request"))
        let audit = try RampartProcess.run(["audit", "verify", "--db", db], environment: environment)
        #expect(audit.status == 0)
    }
}

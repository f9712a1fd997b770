import Foundation
import GRDB
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `rampart serve --production` (and `RAMPART_ENV=production`) against the real binary: each refusal with its
/// message and nothing served, every problem listed at once, the starts it accepts, HTTPS with `--tls-cert` and
/// `--tls-key`, and `GET /openapi.json` served outside production only.
@Suite(.serialized) struct ServeProductionEndToEndTests {
    /// One `rampart serve` run: it either listens (its port is known) or exits (its status and output are).
    final class ServeRun: @unchecked Sendable {
        let process = Process()
        private let output = Pipe()
        /// Everything it printed: the log on standard output and the errors on standard error.
        private(set) var log = ""
        /// The port it listens on, once bound.
        private(set) var port: Int?

        /// Starts `rampart serve ARGUMENTS` in `directory` and waits (up to 30 s) until it listens or exits.
        init(_ arguments: [String], environment: [String: String], directory: URL) throws {
            process.executableURL = RampartProcess.binary
            process.arguments = ["serve", "--watch-interval", "0"] + arguments
            process.currentDirectoryURL = directory
            process.environment = environment
            process.standardOutput = output
            process.standardError = output
            try process.run()
            let deadline = Date().addingTimeInterval(30)
            while port == nil && Date() < deadline {
                let data = output.fileHandleForReading.availableData
                if data.isEmpty {
                    if !process.isRunning { break }
                    Thread.sleep(forTimeInterval: 0.05)
                    continue
                }
                log += String(decoding: data, as: UTF8.self)
                // Hummingbird logs "Server started and listening on HOST:PORT" once it is bound.
                if let range = log.range(of: #"listening on [0-9.]+:\d+"#, options: .regularExpression) {
                    port = Int(log[range].split(separator: ":").last ?? "")
                }
            }
            if port == nil {
                stop()
                log += String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            }
        }

        /// The exit status; only meaningful once it has exited.
        var status: Int32 { process.terminationStatus }

        /// Whether it exited without ever listening.
        var refused: Bool { port == nil && !process.isRunning }

        /// Kills it (if still running) and waits for the exit.
        func stop() {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }

        /// The lines of the refusal's list (`  - …`).
        var problems: [String] {
            log.split(separator: "\n").filter { $0.hasPrefix("  - ") }.map { String($0.dropFirst(4)) }
        }

        /// A plain HTTP request to 127.0.0.1: status and body.
        func get(_ path: String) async throws -> (status: Int, body: String) {
            let url = URL(string: "http://127.0.0.1:\(port ?? 0)\(path)")!
            let (data, response) = try await URLSession.shared.data(from: url)
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
        }
    }

    /// A scratch copy of rules/ and profiles/, a random 32-byte master key, a database with an admin token.
    struct Deployment {
        var directory: URL
        var db: String
        var environment: [String: String]

        init() throws {
            directory = try RampartProcess.scratchCopy()
            db = directory.appendingPathComponent("state.sqlite").path
            environment = ProcessInfo.processInfo.environment
            for name in ["RAMPART_MASTER_KEY_FILE", "RAMPART_AUDIT_KEY", "RAMPART_AUDIT_KEY_FILE", "RAMPART_ENV"] {
                environment.removeValue(forKey: name)
            }
            environment["RAMPART_MASTER_KEY"] = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }
                .joined()
            let created = try RampartProcess.run(
                ["token", "create", "--db", db, "--role", "admin", "--name", "root"],
                environment: environment
            )
            guard created.status == 0 else { throw ServeEndToEndTests.ServerError(log: created.stderr) }
        }

        /// Runs `rampart serve --db DB ARGUMENTS` (profile `paper`, listening on 127.0.0.1 unless given).
        func serve(_ arguments: [String], environment extra: [String: String] = [:]) throws -> ServeRun {
            let listen = arguments.contains("--listen") ? [] : ["--listen", "127.0.0.1:0"]
            return try ServeRun(
                ["--db", db, "--profile", "paper"] + listen + arguments,
                environment: environment.merging(extra) { $1 },
                directory: directory
            )
        }

        /// Backdates the token `name` by `days` days, as if it had been created then.
        func backdate(token name: String, days: Int64) throws {
            let database = try DatabaseQueue(path: db)
            try database.write { db in
                try db.execute(
                    sql: "UPDATE api_tokens SET created_at = created_at - ? WHERE name = ?",
                    arguments: [days * 86_400_000_000_000, name]
                )
            }
        }

        /// Adds `profiles/live.yaml`, which turns live trading on.
        func writeLiveProfile() throws {
            try """
            profile: live
            extends: base
            description: Live trading on, for the production checks
            flags:
              live_trading: true

            """.write(to: directory.appendingPathComponent("profiles/live.yaml"), atomically: true, encoding: .utf8)
        }

        /// Writes a master key file of `bytes` with `mode` and returns its path.
        func keyFile(_ bytes: [UInt8], mode: Int) throws -> String {
            let path = directory.appendingPathComponent("master.key").path
            #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
            return path
        }

        func remove() { try? FileManager.default.removeItem(at: directory) }
    }

    @Test func anAllZeroMasterKeyIsRefusedInProductionAndNothingIsServed() throws {
        let deployment = try Deployment()
        defer { deployment.remove() }
        let zero = ["RAMPART_MASTER_KEY": String(repeating: "00", count: 32)]
        let flag = try deployment.serve(["--production"], environment: zero)
        #expect(flag.refused && flag.status == 1, "\(flag.log)")
        #expect(
            flag.problems == [
                "master key (RAMPART_MASTER_KEY) is weak: all 32 bytes are 0x00; replace it with 32 random bytes (head -c 32 /dev/urandom > master.key && chmod 600 master.key) and set RAMPART_MASTER_KEY_FILE to that file"
            ],
            "\(flag.log)"
        )
        #expect(flag.log.contains("error: production mode: refusing to start, 1 problem:"))
        #expect(!flag.log.contains("listening"))
        // RAMPART_ENV=production is the same as --production.
        let variable = try deployment.serve([], environment: zero.merging(["RAMPART_ENV": "production"]) { $1 })
        #expect(variable.refused && variable.status == 1)
        #expect(
            variable.problems.first?.hasPrefix("master key (RAMPART_MASTER_KEY) is weak") == true,
            "\(variable.log)"
        )
        // Outside production the same key starts (the development default), and the log says which mode it is.
        let development = try deployment.serve([], environment: zero)
        defer { development.stop() }
        #expect(development.port != nil, "\(development.log)")
        #expect(development.log.contains("starting in development mode"))
    }

    @Test func aKeyFileOthersMayReadIsRefusedInProduction() throws {
        let deployment = try Deployment()
        defer { deployment.remove() }
        let random = (0..<32).map { _ in UInt8.random(in: 0...255) }
        let path = try deployment.keyFile(random, mode: 0o644)
        var environment = deployment.environment
        environment.removeValue(forKey: "RAMPART_MASTER_KEY")
        environment["RAMPART_MASTER_KEY_FILE"] = path
        let refused = try ServeRun(
            ["--db", deployment.db, "--profile", "paper", "--listen", "127.0.0.1:0", "--production"],
            environment: environment,
            directory: deployment.directory
        )
        #expect(refused.refused && refused.status == 1, "\(refused.log)")
        #expect(
            refused.problems.contains(
                "master key: the key file \(path) (from RAMPART_MASTER_KEY_FILE) has mode 644; other users must have no access: chmod 600 \(path)"
            ),
            "\(refused.log)"
        )
    }

    @Test func aNonLoopbackListenNeedsTLSOrBehindProxyInProduction() async throws {
        let deployment = try Deployment()
        defer { deployment.remove() }
        let open = try deployment.serve(["--production", "--listen", "0.0.0.0:0"])
        #expect(open.refused && open.status == 1, "\(open.log)")
        #expect(open.problems.count == 1)
        #expect(open.problems.first?.hasPrefix("--listen 0.0.0.0:0 is not a loopback address and TLS is off") == true)

        let proxied = try deployment.serve(["--production", "--listen", "0.0.0.0:0", "--behind-proxy"])
        defer { proxied.stop() }
        #expect(proxied.port != nil, "\(proxied.log)")
        #expect(proxied.log.contains("starting in production mode"))
        #expect(try await proxied.get("/healthz").status == 200)
        // The API description is off in production: the route is not served at all.
        #expect(try await proxied.get("/openapi.json").status == 404)
    }

    @Test func anAdminTokenOlderThanMaxTokenAgeIsRefusedInProduction() throws {
        let deployment = try Deployment()
        defer { deployment.remove() }
        try deployment.backdate(token: "root", days: 91)
        let stale = try deployment.serve(["--production"])
        #expect(stale.refused && stale.status == 1, "\(stale.log)")
        #expect(stale.problems.count == 1, "\(stale.log)")
        let problem = stale.problems.first ?? ""
        #expect(problem.hasPrefix("admin token 'root' was created "), "\(problem)")
        #expect(problem.contains("(91d ago), older than --max-token-age 90d"), "\(problem)")
        #expect(problem.contains("rampart token revoke --name root"), "\(problem)")
        // A longer --max-token-age accepts it.
        let accepted = try deployment.serve(["--production", "--max-token-age", "180d"])
        defer { accepted.stop() }
        #expect(accepted.port != nil, "\(accepted.log)")
    }

    @Test func liveTradingWithoutAVenueAndCredentialsIsRefusedInProduction() throws {
        let deployment = try Deployment()
        defer { deployment.remove() }
        try deployment.writeLiveProfile()
        let refused = try deployment.serve(["--production", "--profile", "live"])
        #expect(refused.refused && refused.status == 1, "\(refused.log)")
        #expect(refused.problems.count == 2, "\(refused.log)")
        let on = "the profile turns flags.live_trading on (profiles/live.yaml:5:"
        #expect(refused.problems.allSatisfy { $0.hasPrefix(on) }, "\(refused.problems)")
        #expect(refused.problems.first?.contains("but no --venue-url is given") == true)
        #expect(refused.problems.last?.contains("but no credentials are stored for venue 'binance'") == true)
        // The paper profile (live trading off) starts on the same database.
        let paper = try deployment.serve(["--production"])
        defer { paper.stop() }
        #expect(paper.port != nil, "\(paper.log)")
    }

    @Test func throttlingSwitchedOffIsRefusedInProduction() throws {
        let deployment = try Deployment()
        defer { deployment.remove() }
        let refused = try deployment.serve(["--production", "--token-rate", "off", "--auth-failure-rate", "off"])
        #expect(refused.refused && refused.status == 1, "\(refused.log)")
        #expect(refused.problems.count == 2, "\(refused.log)")
        #expect(refused.problems.contains { $0.hasPrefix("--auth-failure-rate off:") })
        #expect(refused.problems.contains { $0.hasPrefix("--token-rate off:") })
    }

    @Test func everyProblemIsListedAtOnce() throws {
        let deployment = try Deployment()
        defer { deployment.remove() }
        try deployment.writeLiveProfile()
        try deployment.backdate(token: "root", days: 400)
        let refused = try deployment.serve(
            ["--production", "--profile", "live", "--listen", "0.0.0.0:0"],
            environment: ["RAMPART_MASTER_KEY": String(repeating: "ab", count: 32)]
        )
        #expect(refused.refused && refused.status == 1, "\(refused.log)")
        #expect(refused.log.contains("error: production mode: refusing to start, 5 problems:"), "\(refused.log)")
        let problems = refused.problems
        #expect(problems.count == 5, "\(problems)")
        #expect(
            problems.count > 4
                && problems[0].hasPrefix("master key (RAMPART_MASTER_KEY) is weak: all 32 bytes are 0xab")
        )
        #expect(problems.count > 4 && problems[1].hasPrefix("--listen 0.0.0.0:0 is not a loopback address"))
        #expect(problems.count > 4 && problems[2].hasPrefix("admin token 'root' was created"))
        #expect(problems.count > 4 && problems[3].contains("no --venue-url is given"))
        #expect(problems.count > 4 && problems[4].contains("no credentials are stored"))
    }
}

extension ServeProductionEndToEndTests {
    /// A self-signed certificate for 127.0.0.1 (valid one day) and its key, made with the openssl CLI.
    static func selfSigned(in directory: URL) throws -> (certificate: String, key: String) {
        let certificate = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-days", "1",
            "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", certificate,
        ]
        openssl.standardOutput = FileHandle.nullDevice
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        guard openssl.terminationStatus == 0 else { throw ServeEndToEndTests.ServerError(log: "openssl req failed") }
        return (certificate, key)
    }

    /// `curl` over HTTPS to 127.0.0.1, trusting only `certificate`: status (0 when the connection failed) and body.
    static func curl(_ path: String, port: Int, certificate: String, https: Bool = true) throws -> (Int, String) {
        let curl = Process()
        let output = Pipe()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        curl.arguments =
            ["curl", "-s", "--max-time", "10", "-w", "\n%{http_code}", "--cacert", certificate]
            + ["\(https ? "https" : "http")://127.0.0.1:\(port)\(path)"]
        curl.standardOutput = output
        curl.standardError = FileHandle.nullDevice
        try curl.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        curl.waitUntilExit()
        let status = Int(text.split(separator: "\n").last ?? "") ?? 0
        return (status, String(text.dropLast(text.split(separator: "\n").last?.count ?? 0)))
    }

    @Test func tlsServesHTTPSInAndOutOfProduction() throws {
        let deployment = try Deployment()
        defer { deployment.remove() }
        let files = try Self.selfSigned(in: deployment.directory)
        let tls = ["--tls-cert", files.certificate, "--tls-key", files.key]

        let development = try deployment.serve(tls)
        let port = try #require(development.port, "\(development.log)")
        let health = try Self.curl("/healthz", port: port, certificate: files.certificate)
        #expect(health.0 == 200 && health.1.contains(#""status":"ok""#), "\(health)")
        #expect(try Self.curl("/healthz", port: port, certificate: files.certificate, https: false).0 != 200)
        // Outside production the OpenAPI document is served, as JSON, the same document as docs/openapi.yaml.
        let document = try Self.curl("/openapi.json", port: port, certificate: files.certificate)
        #expect(document.0 == 200)
        let json = try JSONSerialization.jsonObject(with: Data(document.1.utf8)) as? [String: Any]
        #expect(json?["openapi"] as? String == "3.1.0")
        #expect((json?["paths"] as? [String: Any])?["/openapi.json"] != nil)
        development.stop()

        // In production, TLS makes a non-loopback listen acceptable.
        let production = try deployment.serve(["--production", "--listen", "0.0.0.0:0"] + tls)
        defer { production.stop() }
        let productionPort = try #require(production.port, "\(production.log)")
        #expect(try Self.curl("/healthz", port: productionPort, certificate: files.certificate).0 == 200)
        #expect(try Self.curl("/openapi.json", port: productionPort, certificate: files.certificate).0 == 404)
    }

    @Test func badTLSFilesStopTheStartNamingTheFile() throws {
        let deployment = try Deployment()
        defer { deployment.remove() }
        let files = try Self.selfSigned(in: deployment.directory)
        let garbage = deployment.directory.appendingPathComponent("garbage.pem").path
        try "not a certificate\n".write(toFile: garbage, atomically: true, encoding: .utf8)
        let missing = deployment.directory.appendingPathComponent("missing.pem").path

        let notPEM = try deployment.serve(["--tls-cert", garbage, "--tls-key", files.key])
        #expect(notPEM.refused && notPEM.status == 1, "\(notPEM.log)")
        #expect(notPEM.log.contains("error: --tls-cert \(garbage): not a PEM certificate"), "\(notPEM.log)")

        let noKey = try deployment.serve(["--tls-cert", files.certificate, "--tls-key", missing])
        #expect(noKey.refused && noKey.status == 1, "\(noKey.log)")
        #expect(noKey.log.contains("error: --tls-key \(missing): No such file or directory"), "\(noKey.log)")

        // A key that is not the certificate's.
        let otherDirectory = deployment.directory.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: otherDirectory, withIntermediateDirectories: true)
        let other = try Self.selfSigned(in: otherDirectory)
        let mismatch = try deployment.serve(["--tls-cert", files.certificate, "--tls-key", other.key])
        #expect(mismatch.refused && mismatch.status == 1, "\(mismatch.log)")
        #expect(
            mismatch.log.contains("error: --tls-key \(other.key): the private key does not match"),
            "\(mismatch.log)"
        )

        // In production the bad file is one of the problems listed.
        let production = try deployment.serve(["--production", "--tls-cert", garbage, "--tls-key", files.key])
        #expect(production.refused && production.problems.first?.hasPrefix("--tls-cert \(garbage): not a PEM") == true)
    }
}

import ArgumentParser
import RampartDesk
import RampartExecution
import RampartStore

extension CredentialsCommand {
    /// Tests a venue's stored credentials with a signed read-only call, and says plainly what is wrong.
    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Test a venue's stored credentials with a signed read-only call (GET /api/v3/account).",
            discussion: """
                Reads the venue's clock (GET /api/v3/time), then makes one signed read-only call with the stored key \
                and secret, and says which of these it is: works, wrong key, key or IP rejected (Binance -2015 does \
                not say which), bad signature (wrong secret), clock skew (with the offset), IP not allowed, venue \
                unreachable, or another venue error. The secret is never printed, the API key only by its first \
                characters. Every test is audited (credentials.test).

                Exit status: 0 works, 1 the test could not run (no database, no key, no credentials), 2 usage, \
                10 wrong key, 11 key or IP rejected, 12 bad signature, 13 clock skew, 14 IP not allowed, \
                15 venue unreachable, 16 other venue error.
                """
        )

        @OptionGroup var store: StoreOptions
        @Option(help: "Name of the stored credentials (`rampart credentials set --venue NAME`).") var venue: String

        @Option(
            name: .customLong("venue-url"),
            help: "Binance-compatible spot API root, as for serve (https://, or http:// only on 127.0.0.1)."
        )
        var venueURL: String

        @Option(name: .customLong("venue-recv-window-ms"), help: "Binance recvWindow in milliseconds (1…60000).")
        var recvWindowMilliseconds = 5_000

        @Option(name: .customLong("venue-timeout-ms"), help: "Milliseconds each call to the venue may take.")
        var timeoutMilliseconds = 10_000

        func validate() throws {
            try LiveVenueOptions.validate(venueURL: venueURL)
            guard timeoutMilliseconds > 0 else { throw ValidationError("--venue-timeout-ms must be positive") }
            guard (1...60_000).contains(recvWindowMilliseconds) else {
                throw ValidationError("--venue-recv-window-ms must be 1…60000")
            }
        }

        func run() async throws {
            let database = try store.openExisting()
            let audit = try AdminContext.auditLog(database)
            let vault = CredentialVault(database: database.database, key: try AdminContext.masterKey(), audit: audit)
            let test = CredentialTest(
                venue: venue,
                baseURL: venueURL,
                recvWindow: .milliseconds(recvWindowMilliseconds),
                timeout: .milliseconds(timeoutMilliseconds)
            )
            let report: CredentialReport
            do {
                report = try await test.run(vault: vault, audit: audit, actor: AdminContext.actor)
            } catch {
                if case .notAudited(let unaudited, _) = error { print(Self.render(unaudited, venue: venue)) }
                Terminal.printError("error: \(error)")
                throw ExitCode.failure
            }
            print(Self.render(report, venue: venue))
            if !report.works { throw ExitCode(Self.exitStatus(of: report.verdict)) }
        }

        /// The exit status of each verdict (documented in `discussion` and docs/operations.md).
        static func exitStatus(of verdict: CredentialVerdict) -> Int32 {
            switch verdict {
            case .works: 0
            case .wrongKey: 10
            case .keyOrAddressRejected: 11
            case .badSignature: 12
            case .clockSkew: 13
            case .addressNotAllowed: 14
            case .unreachable: 15
            case .venueError: 16
            }
        }

        /// The report as lines: the verdict first, then what happened, the key's prefix, the account, the clock,
        /// warnings and the fix.
        static func render(_ report: CredentialReport, venue: String) -> String {
            var lines = ["\(venue) at \(report.baseURL): \(report.verdict.title)", "  \(report.summary)"]
            lines.append("  API key:  \(report.apiKeyPrefix) (the secret is never shown)")
            if let account = report.account {
                func yesNo(_ flag: Bool?) -> String { flag.map { $0 ? "yes" : "no" } ?? "not said" }
                let permissions =
                    account.permissions.isEmpty ? "none listed" : account.permissions.joined(separator: ", ")
                lines.append(
                    "  account:  \(account.accountType ?? "type not said"); can trade: \(yesNo(account.canTrade)); "
                        + "can withdraw: \(yesNo(account.canWithdraw)); can deposit: \(yesNo(account.canDeposit)); "
                        + "permissions: \(permissions)"
                )
            }
            if let clock = report.clock {
                lines.append(
                    "  clock:    \(clock.description) (offset \(clock.offsetMilliseconds) ms, round trip "
                        + "\(clock.roundTripMilliseconds) ms, recvWindow \(report.recvWindowMilliseconds) ms)"
                )
            } else {
                lines.append("  clock:    not measured (GET /api/v3/time did not answer with the venue's time)")
            }
            for warning in report.warnings { lines.append("  warning:  \(warning)") }
            if let fix = report.fix { lines.append("  fix:      \(fix)") }
            return lines.joined(separator: "\n")
        }
    }
}

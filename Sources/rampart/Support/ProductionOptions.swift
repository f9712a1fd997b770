import ArgumentParser
import Foundation
import Logging
import RampartConfig
import RampartRules
import RampartService

/// `rampart serve`'s deployment options: production mode and its checks (docs/operations.md), HTTPS.
struct ProductionOptions: ParsableArguments {
    /// The variable that turns production mode on (`production`) or leaves it off (`development`, the default).
    static let environmentVariable = "RAMPART_ENV"

    @Flag(
        help: """
            Production mode (also RAMPART_ENV=production): refuse to start, listing every problem, on a weak master \
            key, a non-loopback --listen without TLS or --behind-proxy, an admin token older than --max-token-age, \
            or flags.live_trading without --venue-url and stored credentials; /openapi.json is not served.
            """
    )
    var production = false

    @Option(name: .customLong("tls-cert"), help: "PEM certificate chain: serve HTTPS (with --tls-key).")
    var tlsCertificate: String?

    @Option(name: .customLong("tls-key"), help: "PEM private key of --tls-cert.")
    var tlsKey: String?

    @Flag(
        name: .customLong("behind-proxy"),
        help: "A TLS-terminating proxy is the only way in: production mode accepts a non-loopback --listen without TLS."
    )
    var behindProxy = false

    @Option(
        name: .customLong("max-token-age"),
        help: "Production mode refuses to start while an admin token is older than this (e.g. 90d, 12h)."
    )
    var maxTokenAge = ProductionReadiness.defaultMaxTokenAge.description

    func validate() throws {
        switch (tlsCertificate, tlsKey) {
        case (.some, nil): throw ValidationError("--tls-cert needs --tls-key (the certificate's private key)")
        case (nil, .some): throw ValidationError("--tls-key needs --tls-cert (the certificate chain)")
        default: break
        }
        _ = try tokenAge()
    }

    /// `--max-token-age` as a span: a whole number and a unit (`90d`, `12h`, `30m`), longer than zero.
    func tokenAge() throws -> TimeSpan {
        let span: TimeSpan
        do {
            span = try ScalarGrammar.parseDuration(maxTokenAge)
        } catch {
            throw ValidationError("--max-token-age: \(error)")
        }
        guard span.nanoseconds > 0 else { throw ValidationError("--max-token-age must be longer than 0s") }
        return span
    }

    /// Whether production mode is on: `--production`, or `RAMPART_ENV=production`; another value than
    /// `production` or `development` is refused rather than read as development.
    func isProduction(environment: [String: String]) throws -> Bool {
        switch environment[Self.environmentVariable] {
        case nil, "", "development": return production
        case "production": return true
        case let other?:
            throw ValidationError("\(Self.environmentVariable) must be production or development, not '\(other)'")
        }
    }

    /// What the server starts with once the deployment is accepted.
    struct Deployment {
        /// Production mode.
        var production: Bool
        /// HTTPS, when `--tls-cert` and `--tls-key` are given.
        var tls: ServerTLS?
    }

    /// Logs the mode and loads the TLS files; in production mode, checks the deployment and refuses to start,
    /// listing every problem on standard error, when it fails (exit 1, nothing served).
    func prepare(
        listen: ListenAddress,
        db: String,
        profile: CompiledProfile,
        venue: LiveVenueOptions,
        throttling: ThrottleConfiguration,
        logger: Logger
    ) throws -> Deployment {
        let environment = ProcessInfo.processInfo.environment
        let production = try isProduction(environment: environment)
        logger.notice("starting in \(production ? "production" : "development") mode")
        var tls: Result<ServerTLS, ServerTLSError>?
        if let tlsCertificate, let tlsKey {
            do throws(ServerTLSError) {
                tls = .success(try ServerTLS.load(certificate: tlsCertificate, key: tlsKey))
            } catch {
                tls = .failure(error)
            }
        }
        guard production else {
            if case .failure(let error) = tls {
                Terminal.printError("error: \(error)")
                throw ExitCode.failure
            }
            if tls == nil && !ProductionReadiness.isLoopback(listen) {
                logger.warning(
                    "not a loopback address, and plain HTTP: use --tls-cert and --tls-key, or a TLS-terminating proxy",
                    metadata: ["listen": "\(listen)", "production": "refused without --behind-proxy"]
                )
            }
            return Deployment(production: false, tls: try tls?.get())
        }
        var problems: [String] = []
        if case .failure(let error) = tls { problems.append("\(error)") }
        // Both throttles fail closed; production never runs without them (DESIGN §9).
        if throttling.authFailureRate == nil {
            problems.append(
                "--auth-failure-rate off: failed authentication must be throttled in production (e.g. 5/1m)"
            )
        }
        if throttling.tokenRate == nil {
            problems.append("--token-rate off: every token must be rate limited in production (e.g. 1000/1s)")
        }
        let readiness = ProductionReadiness(
            environment: environment,
            listen: listen,
            tlsConfigured: (try? tls?.get()) != nil,
            behindProxy: behindProxy,
            maxTokenAge: try tokenAge(),
            databasePath: db,
            profile: profile,
            venueURL: venue.venueURL,
            credentialsName: venue.credentialsName
        )
        problems += readiness.problems()
        guard problems.isEmpty else {
            logger.critical("refusing to start in production mode", metadata: ["problems": "\(problems.count)"])
            let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
            Terminal.printError("error: production mode: refusing to start, \(count):")
            for problem in problems { Terminal.printError("  - \(problem)") }
            throw ExitCode.failure
        }
        logger.notice("production checks passed", metadata: ["max_token_age": "\(maxTokenAge)"])
        return Deployment(production: true, tls: try tls?.get())
    }
}

import ArgumentParser
import Foundation
import Logging
import RampartConfig
import RampartCrypto
import RampartRules
import RampartService

/// `rampart serve`: the HTTP API over the gate (see docs/api.md).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the /v1 HTTP API: orders through the gate, emergency stop, reload, state, metrics.",
        discussion: """
            Tokens: --tokens-file names a file (mode 0600) with one 'ROLE NAME TOKEN' per line, ROLE being trader, \
            ops or admin; tokens are digested at start and only digests are kept. SIGHUP reloads the profile; so \
            does a change under --rules-dir or --profiles-dir (polled every --watch-interval seconds). SIGTERM or \
            SIGINT drain in-flight requests and flush the journal.
            """
    )

    @OptionGroup var directories: DirectoryOptions

    @Option(help: "Profile name (from --profiles-dir) or path.")
    var profile = "profiles/paper.yaml"

    @Option(help: "Journal database (not used until the durable journal lands; the journal is in memory).")
    var db = "var/rampart.sqlite"

    @Option(help: "HOST:PORT or unix:PATH.")
    var listen = "127.0.0.1:8080"

    @Option(name: .customLong("tokens-file"), help: "File of 'ROLE NAME TOKEN' lines.")
    var tokensFile: String?

    @Flag(name: .customLong("metrics-public"), help: "Serve /metrics without a token.")
    var metricsPublic = false

    @Option(name: .customLong("log-format"), help: "text or json (one JSON object per line on stdout).")
    var logFormat = "text"

    @Option(name: .customLong("watch-interval"), help: "Seconds between polls of the rule directories; 0 disables.")
    var watchInterval = 1

    func run() async throws {
        let address: ListenAddress
        do {
            address = try ListenAddress(parsing: listen)
        } catch {
            throw ValidationError(error.description)
        }
        switch logFormat {
        case "json": LoggingSystem.bootstrap(JSONLogHandler.init)
        case "text": LoggingSystem.bootstrap(StreamLogHandler.standardOutput)
        default: throw ValidationError("--log-format must be text or json")
        }
        let logger = Logger(label: "rampart.serve")
        let tokens = try readTokens()
        let compiled = try directories.compile(profile)
        let journal = InMemoryJournal(requestedPath: db)
        logger.warning("journal: \(journal.summary)")
        let gate = Gate(profile: compiled, clock: SystemClock.now)
        let desk = GateDesk(gate: gate, store: InMemoryTradingStateStore())
        let restored = try await desk.restoreTradingStates()
        if !restored.isEmpty { logger.notice("restored trading states", metadata: ["count": "\(restored.count)"]) }
        let metrics = ServiceMetrics()
        let reloader = ProfileReloader(
            loader: directories.loader, nameOrPath: profile, desk: desk, metrics: metrics, loadedAt: SystemClock.now(),
            logger: logger)
        let pepper = (0..<32).map { _ in UInt8.random(in: 0...255) }
        let authority = InMemoryTokenAuthority(tokens: tokens) { HMACSHA256.authenticationCode(for: $0, key: pepper) }
        if tokens.isEmpty { logger.warning("no tokens (--tokens-file): every route but /healthz and /readyz answers 401") }
        let dependencies = ServerDependencies(
            desk: desk, authority: authority, journal: journal, reloader: reloader, metrics: metrics,
            metricsPublic: metricsPublic, logger: logger)
        logger.notice(
            "starting", metadata: ["profile": "\(compiled.name)", "profile_hash": "\(compiled.hash)", "listen": "\(address)"])
        try await RampartServer(dependencies).run(
            listen: address, handleSignals: true, watchInterval: watchInterval > 0 ? .seconds(watchInterval) : nil)
        logger.notice("stopped")
    }

    private func readTokens() throws -> [(name: String, role: Role, token: String)] {
        guard let tokensFile else { return [] }
        guard let text = try? String(contentsOfFile: tokensFile, encoding: .utf8) else {
            throw ValidationError("--tokens-file: cannot read '\(tokensFile)'")
        }
        var tokens: [(name: String, role: Role, token: String)] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.isEmpty || fields[0].hasPrefix("#") { continue }
            guard fields.count == 3, let role = Role(rawValue: String(fields[0])), fields[2].count >= 16 else {
                throw ValidationError("\(tokensFile):\(number + 1): expected 'ROLE NAME TOKEN' (trader|ops|admin, token ≥ 16 chars)")
            }
            tokens.append((name: String(fields[1]), role: role, token: String(fields[2])))
        }
        return tokens
    }
}

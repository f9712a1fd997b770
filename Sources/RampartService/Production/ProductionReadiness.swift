public import RampartRules
import RampartStore
import RampartSystem

/// What `rampart serve --production` (or `RAMPART_ENV=production`) checks before it serves anything (DESIGN §9):
/// the keys, the listen address, the age of the admin tokens and what live trading needs. Every problem is found,
/// not only the first, so one refused start lists everything to fix (docs/operations.md, "Production mode").
public struct ProductionReadiness: Sendable {
    /// The admin token age production mode accepts unless `--max-token-age` says otherwise.
    public static let defaultMaxTokenAge = TimeSpan(nanoseconds: 90 * 86_400_000_000_000)

    /// The process environment: `RAMPART_MASTER_KEY_FILE`, `RAMPART_MASTER_KEY`, `RAMPART_AUDIT_KEY_FILE`,
    /// `RAMPART_AUDIT_KEY`.
    public var environment: [String: String]
    /// `--listen`.
    public var listen: ListenAddress
    /// `--tls-cert` and `--tls-key` are given (and loaded).
    public var tlsConfigured: Bool
    /// `--behind-proxy`: a TLS-terminating proxy is the only way in.
    public var behindProxy: Bool
    /// `--max-token-age`.
    public var maxTokenAge: TimeSpan
    /// `--db`.
    public var databasePath: String
    /// The profile the service would start with.
    public var profile: CompiledProfile
    /// `--venue-url`, if given.
    public var venueURL: String?
    /// `--venue-credentials`.
    public var credentialsName: String
    /// Now, for the token ages.
    public var now: Timestamp

    /// Creates the check over what `rampart serve` was given.
    public init(
        environment: [String: String],
        listen: ListenAddress,
        tlsConfigured: Bool,
        behindProxy: Bool,
        maxTokenAge: TimeSpan = Self.defaultMaxTokenAge,
        databasePath: String,
        profile: CompiledProfile,
        venueURL: String?,
        credentialsName: String,
        now: Timestamp = Timestamp.now()
    ) {
        self.environment = environment
        self.listen = listen
        self.tlsConfigured = tlsConfigured
        self.behindProxy = behindProxy
        self.maxTokenAge = maxTokenAge
        self.databasePath = databasePath
        self.profile = profile
        self.venueURL = venueURL
        self.credentialsName = credentialsName
        self.now = now
    }

    /// Every problem, one line each saying how to fix it; empty when the service may start in production mode.
    public func problems() -> [String] {
        var problems = keyProblems()
        if let problem = listenProblem() { problems.append(problem) }
        // The database is opened only when it exists: a refused start leaves nothing behind.
        var store: Store?
        if SystemProcess.exists(databasePath) {
            do {
                store = try Store(path: databasePath)
            } catch {
                problems.append("--db \(databasePath): cannot open the database: \(error)")
            }
        }
        if let store { problems += tokenProblems(store) }
        problems += liveTradingProblems(store)
        return problems
    }

    /// Whether `listen` only accepts connections from this machine: 127.0.0.0/8, ::1, localhost or a Unix socket.
    public static func isLoopback(_ listen: ListenAddress) -> Bool {
        switch listen {
        case .unix: return true
        case .tcp(let host, _):
            return host == "localhost" || host == "::1" || host == "0:0:0:0:0:0:0:1" || host.hasPrefix("127.")
        }
    }

    // MARK: - Keys

    /// Keys that fail to load (wrong length, bad hex, a key file others may read) or that are weak.
    func keyProblems() -> [String] {
        var problems: [String] = []
        let masterConfigured = isConfigured(MasterKey.fileVariable, MasterKey.hexVariable)
        let auditConfigured = isConfigured(AuditKey.fileVariable, AuditKey.hexVariable)
        if masterConfigured {
            do {
                let key = try MasterKey.load(environment: environment)
                if let weakness = key.weakness {
                    problems.append(weakKey("master key", MasterKey.fileVariable, MasterKey.hexVariable, weakness))
                }
            } catch {
                problems.append("master key: \(error)")
            }
        }
        if auditConfigured {
            do {
                let key = try AuditKey.load(environment: environment)
                if let weakness = key.weakness {
                    problems.append(weakKey("audit key", AuditKey.fileVariable, AuditKey.hexVariable, weakness))
                }
            } catch {
                problems.append("audit key: \(error)")
            }
        }
        if !masterConfigured && !auditConfigured {
            problems.append(
                "no master key: set \(MasterKey.fileVariable) to a file of 32 random bytes "
                    + "(head -c 32 /dev/urandom > master.key; chmod 600 master.key)"
            )
        }
        return problems
    }

    private func isConfigured(_ fileVariable: String, _ hexVariable: String) -> Bool {
        environment[fileVariable] != nil || environment[hexVariable] != nil
    }

    private func weakKey(_ name: String, _ fileVariable: String, _ hexVariable: String, _ weakness: String) -> String {
        let source = environment[fileVariable].map { "\(fileVariable) \($0)" } ?? hexVariable
        let file = name == "master key" ? "master.key" : "audit.key"
        return "\(name) (\(source)) is weak: \(weakness); replace it with 32 random bytes "
            + "(head -c 32 /dev/urandom > \(file) && chmod 600 \(file)) and set \(fileVariable) to that file"
    }

    // MARK: - Listen address

    /// A non-loopback address served as plain HTTP with no TLS-terminating proxy in front.
    func listenProblem() -> String? {
        guard !Self.isLoopback(listen), !tlsConfigured, !behindProxy else { return nil }
        return "--listen \(listen) is not a loopback address and TLS is off: give --tls-cert FILE --tls-key FILE, "
            + "or --behind-proxy when a TLS-terminating proxy is the only way in, or listen on 127.0.0.1"
    }

    // MARK: - Tokens

    /// Admin tokens older than `maxTokenAge`.
    func tokenProblems(_ store: Store) -> [String] {
        let cutoff = Timestamp(nanoseconds: now.nanoseconds - maxTokenAge.nanoseconds)
        do {
            return try TokenStore.adminTokens(createdBefore: cutoff, in: store.database).map { token in
                let age = Self.roundedDown(now.nanoseconds - token.createdAt.nanoseconds)
                return "admin token '\(token.name)' was created \(token.createdAt) (\(age) ago), older than "
                    + "--max-token-age \(maxTokenAge): create a new admin token (rampart token create --role admin "
                    + "--name NAME --db \(databasePath)), then revoke this one (rampart token revoke --name "
                    + "\(token.name) --db \(databasePath))"
            }
        } catch {
            return ["--db \(databasePath): cannot read the tokens: \(error)"]
        }
    }

    /// A span rounded down to its largest whole unit (`120d`, `5h`), for "created … ago".
    static func roundedDown(_ nanoseconds: Int64) -> TimeSpan {
        let units: [Int64] = [86_400_000_000_000, 3_600_000_000_000, 60_000_000_000, 1_000_000_000, 1_000_000]
        let unit = units.first { nanoseconds >= $0 } ?? 1_000_000
        return TimeSpan(nanoseconds: nanoseconds / unit * unit)
    }

    // MARK: - Live trading

    /// Where the profile turns `flags.live_trading` on: the base parameters and every override that sets it.
    var liveTradingLocations: [SourceLocation] {
        var locations: [SourceLocation] = []
        if let base = profile.spec.parameters[.liveTrading], base.value == .bool(true) {
            locations.append(base.location)
        }
        for override in profile.spec.overrides {
            if let value = override.parameters[.liveTrading], value.value == .bool(true) {
                locations.append(value.location)
            }
        }
        return locations
    }

    /// Live trading switched on without a venue, a master key or credentials that open.
    func liveTradingProblems(_ store: Store?) -> [String] {
        let locations = liveTradingLocations
        guard !locations.isEmpty else { return [] }
        let on = "the profile turns flags.live_trading on (\(locations.map(\.description).joined(separator: ", ")))"
        var problems: [String] = []
        if venueURL == nil {
            problems.append(
                "\(on) but no --venue-url is given: name the venue's API root (e.g. https://api.binance.com), "
                    + "or set flags.live_trading: false"
            )
        }
        let storeCommand = "rampart credentials set --venue \(credentialsName) --db \(databasePath)"
        guard isConfigured(MasterKey.fileVariable, MasterKey.hexVariable) else {
            problems.append(
                "\(on) but no master key is set to open the venue credentials: set \(MasterKey.fileVariable), then "
                    + storeCommand
            )
            return problems
        }
        // A master key that does not load is reported with the keys.
        guard let master = try? MasterKey.load(environment: environment) else { return problems }
        guard let store else {
            problems.append("\(on) but no credentials are stored for venue '\(credentialsName)': \(storeCommand)")
            return problems
        }
        // Read only: this audit log is never appended to.
        let audit = AuditLog(database: store.database, key: .derived(from: master), clock: Timestamp.now)
        let vault = CredentialVault(database: store.database, key: master, audit: audit)
        do {
            _ = try vault.credentials(for: credentialsName)
        } catch .notFound {
            problems.append("\(on) but no credentials are stored for venue '\(credentialsName)': \(storeCommand)")
        } catch {
            problems.append("\(on) but the credentials of venue '\(credentialsName)' cannot be read: \(error)")
        }
        return problems
    }
}

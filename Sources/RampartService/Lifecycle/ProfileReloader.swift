public import Logging
public import RampartConfig
public import RampartDesk
public import RampartRules

/// Compiles the profile aside and swaps it into the desk atomically; one reload at a time.
///
/// A profile that fails to load or compile leaves the old one in force; the caller gets the diagnostics.
public actor ProfileReloader {
    /// The result of one reload.
    public enum Outcome: Sendable {
        /// The new profile is in force (`changed` is false when its hash equals the old one).
        case reloaded(previousHash: String, profile: CompiledProfile, changed: Bool)
        /// The profile did not compile; `currentHash` stays in force.
        case failed(currentHash: String, diagnostics: [Diagnostic])
    }

    private let loader: ProfileLoader
    private let nameOrPath: String
    private let desk: OrderDesk
    private let metrics: ServiceMetrics
    private let logger: Logger
    /// When the profile in force was loaded.
    public private(set) var loadedAt: Timestamp

    /// Creates a reloader for `nameOrPath`, whose first compile the desk already holds (loaded at `loadedAt`).
    public init(
        loader: ProfileLoader,
        nameOrPath: String,
        desk: OrderDesk,
        metrics: ServiceMetrics,
        loadedAt: Timestamp,
        logger: Logger
    ) {
        self.loader = loader
        self.nameOrPath = nameOrPath
        self.desk = desk
        self.metrics = metrics
        self.loadedAt = loadedAt
        self.logger = logger
    }

    /// Compiles profile `name` of the profiles directory aside (nil: the profile in force), touching nothing: for
    /// backtest sessions.
    public nonisolated func compileAside(_ name: String?) throws -> CompiledProfile {
        guard let name else { return desk.profile }
        return try loader.compile(name)
    }

    /// The directories a watcher should poll.
    public nonisolated var directories: [String] { [loader.rulesDirectory, loader.profilesDirectory] }

    /// Reloads now; `trigger` (`SIGHUP`, `api by NAME`, `watch`) goes to the log, `actor` (`token:NAME`,
    /// `service`) to the audit log, for a reload that failed as for one that took effect.
    public func reload(trigger: String, actor: String = "service") async -> Outcome {
        let current = desk.profile
        let compiled: CompiledProfile
        do {
            compiled = try loader.compile(nameOrPath)
        } catch {
            metrics.recordReload(success: false)
            logger.error(
                "reload failed; old profile stays in force",
                metadata: [
                    "trigger": "\(trigger)", "profile_hash": "\(current.hash)",
                    "diagnostics": "\(error.diagnostics.map(\.description).joined(separator: " | "))",
                ]
            )
            desk.auditFailedReload(actor: actor, errors: error.diagnostics.map(\.description))
            return .failed(currentHash: current.hash, diagnostics: error.diagnostics)
        }
        metrics.recordReload(success: true)
        let changed = compiled.hash != current.hash
        if changed {
            desk.replaceProfile(with: compiled, actor: actor)
            loadedAt = Timestamp.now()
        }
        logger.notice(
            changed ? "profile reloaded" : "profile unchanged",
            metadata: [
                "trigger": "\(trigger)", "previous_hash": "\(current.hash)", "profile_hash": "\(compiled.hash)",
                "profile": "\(compiled.name)",
            ]
        )
        return .reloaded(previousHash: current.hash, profile: changed ? compiled : current, changed: changed)
    }
}

public import RampartDesk
public import RampartRules
import Synchronization

/// The open backtest sessions: capped at `limit`, each ended once unused for `idleTTL` (checked on every access).
public final class SessionRegistry: Sendable {
    /// The most sessions open at once (`serve --max-sessions`).
    public let limit: Int
    /// How long a session may go unused before it is ended (`serve --session-ttl`).
    public let idleTTL: Duration
    private let sessions = Mutex<[String: BacktestSession]>([:])
    private let compile: @Sendable (String?) throws -> CompiledProfile

    /// A registry that compiles a session's profile by name with `compile` (nil: the profile the service runs).
    public init(limit: Int, idleTTL: Duration, compile: @escaping @Sendable (String?) throws -> CompiledProfile) {
        self.limit = limit
        self.idleTTL = idleTTL
        self.compile = compile
    }

    /// Why a session could not be opened or found.
    public enum Failure: Error, Sendable {
        /// `limit` sessions are open.
        case full(Int)
        /// The profile name is not a plain name, or the profile does not compile.
        case profile(String)
        /// No open session with that id belongs to the caller.
        case unknown(String)
    }

    /// Opens a session for `owner` over profile `name` (nil: the service's), funded with `startingBalance`.
    public func open(
        owner: String,
        profile name: String?,
        startingBalance: FixedDecimal?,
        now: Timestamp
    )
        throws(Failure) -> BacktestSession
    {
        if let name, !Self.isPlainName(name) {
            throw .profile("'\(name)' is not a profile name (letters, digits, '-' and '_', up to 64)")
        }
        let compiled: CompiledProfile
        do {
            compiled = try compile(name)
        } catch {
            throw .profile("profile '\(name ?? "(served)")' does not compile: \(error)")
        }
        let session = BacktestSession(
            id: Self.newID(),
            owner: owner,
            profile: compiled.forBacktest(startingBalance: startingBalance),
            startingBalance: startingBalance,
            now: now
        )
        try sessions.withLock { (sessions: inout [String: BacktestSession]) throws(Failure) in
            expire(&sessions, now: now)
            guard sessions.count < limit else { throw .full(limit) }
            sessions[session.id] = session
        }
        return session
    }

    /// The session `id` if it is open and `caller` owns it (`isAdmin` may use any).
    public func session(_ id: String, caller: String, isAdmin: Bool, now: Timestamp) throws(Failure) -> BacktestSession
    {
        try sessions.withLock { (sessions: inout [String: BacktestSession]) throws(Failure) -> BacktestSession in
            expire(&sessions, now: now)
            guard let session = sessions[id], isAdmin || session.owner == caller else { throw .unknown(id) }
            return session
        }
    }

    /// Ends session `id` (if `caller` may) and returns it.
    public func close(_ id: String, caller: String, isAdmin: Bool, now: Timestamp) throws(Failure) -> BacktestSession {
        try sessions.withLock { (sessions: inout [String: BacktestSession]) throws(Failure) -> BacktestSession in
            expire(&sessions, now: now)
            guard let session = sessions[id], isAdmin || session.owner == caller else { throw .unknown(id) }
            sessions[id] = nil
            return session
        }
    }

    /// Every open session, oldest first.
    public func list(now: Timestamp) -> [BacktestSession] {
        sessions.withLock { sessions in
            expire(&sessions, now: now)
            return sessions.values.sorted { $0.createdAt < $1.createdAt }
        }
    }

    /// When `session` ends unless it is used again.
    public func expiry(of session: BacktestSession) -> Timestamp { session.lastUsed.saturatingAdding(idleTTL) }

    private func expire(_ sessions: inout [String: BacktestSession], now: Timestamp) {
        for (id, session) in sessions where expiry(of: session) <= now { sessions[id] = nil }
    }

    private static func newID() -> String {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next() as UInt64
        let hex = String(value, radix: 16)
        return "s-" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    private static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64
            && name.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == 0x2D || byte == 0x5F
            }
    }
}

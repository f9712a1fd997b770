import RampartCrypto
public import RampartStore
import Synchronization

/// Bearer tokens checked against the database's token store (SHA-256 hashes, constant-time compare).
///
/// A token the store accepted is remembered for one second (keyed by its SHA-256, never the token itself), so a
/// busy bot does not cost a database read per request; a revoked token stops working within that second. After the
/// second the digest is still known (for `hasAccepted`) until a lookup refuses it.
public final class TokenAuthority: Sendable {
    private struct Accepted {
        var holder: AuthenticatedToken
        var until: ContinuousClock.Instant
    }

    private let tokens: TokenStore
    private let accepted = Mutex<[[UInt8]: Accepted]>([:])
    private static let lifetime = Duration.seconds(1)

    /// An authority over `tokens`.
    public init(tokens: TokenStore) { self.tokens = tokens }

    /// The holder of `token`, or nil when it is unknown, revoked, or the store cannot be read (fail closed).
    public func authenticate(_ token: String) -> AuthenticatedToken? {
        let digest = SHA256Digest.hash(Array(token.utf8))
        let now = ContinuousClock.now
        if let cached = accepted.withLock({ $0[digest] }), cached.until > now { return cached.holder }
        guard let holder = try? tokens.authenticate(token: token) else {
            accepted.withLock { _ = $0.removeValue(forKey: digest) }
            return nil
        }
        accepted.withLock { cache in
            if cache.count > 10_000 { cache.removeAll() }
            cache[digest] = Accepted(holder: holder, until: now + Self.lifetime)
        }
        return holder
    }

    /// Whether the store has accepted `token` since this authority was made and no later lookup refused it: memory
    /// only, never the store. Lets a token in use through while its client address is throttled for failures.
    public func hasAccepted(_ token: String) -> Bool {
        let digest = SHA256Digest.hash(Array(token.utf8))
        return accepted.withLock { $0[digest] != nil }
    }
}

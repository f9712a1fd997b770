import Synchronization

/// A compiled profile's name and content hash, kept for the life of the process, so that a decision can name its
/// profile without a reference count.
///
/// A retain and a release are locked instructions. On the profile they were about 8 % of a submit+release's time
/// (docs/performance.md, *Issue 13, session 15*). An allowed decision without findings therefore points at its
/// profile's identity without retaining it (`Decision.identity`), and that is safe only because no identity is ever
/// freed. There is one identity per distinct name and hash compiled in the process: its memory grows with the number
/// of distinct profile versions loaded, ~200 bytes each (docs/operations.md, *Memory bounds*).
final class ProfileIdentity: Sendable {
    /// The profile name.
    let name: String
    /// SHA-256 of the profile's files.
    let hash: String

    private init(name: String, hash: String) {
        self.name = name
        self.hash = hash
    }

    /// Every identity made so far, by name and hash; entries are never removed (see the type's comment).
    private static let all = Mutex<[Key: ProfileIdentity]>([:])

    private struct Key: Hashable {
        let name: String
        let hash: String
    }

    /// The process's one identity for `name` and `hash`.
    static func of(name: String, hash: String) -> ProfileIdentity {
        let key = Key(name: name, hash: hash)
        return all.withLock { all in
            if let known = all[key] { return known }
            let identity = ProfileIdentity(name: name, hash: hash)
            all[key] = identity
            return identity
        }
    }
}

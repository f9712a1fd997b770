/// Who may call what: the three roles a bearer token carries.
public enum Role: String, Sendable, Hashable, CaseIterable {
    /// Sends and checks orders.
    case trader
    /// Reads state, profile and eligibility; reloads.
    case ops
    /// Emergency stop, resume, promotion; and everything else.
    case admin
}

/// Maps a bearer token to its holder; the SQLite token store (hashes, constant-time compare) will conform.
public protocol TokenAuthority: Sendable {
    /// The holder's name and role, or nil when the token is unknown.
    func authenticate(_ token: String) -> (name: String, role: Role)?
}

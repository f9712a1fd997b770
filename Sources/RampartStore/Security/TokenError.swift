/// Why a token operation failed.
public enum TokenError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The name is empty, too long, or has characters outside `A-Z a-z 0-9 . _ -`.
    case invalidName(String)
    /// A token with this name exists.
    case nameTaken(String)
    /// No token has this name.
    case notFound(String)
    /// A trader token needs `--bots` and `--accounts` (`*` must be said explicitly).
    case scopeRequired
    /// Ops and admin tokens are unscoped.
    case scopeNotAllowed(Role)
    /// The random generator failed.
    case randomFailure
    /// The change could not be audited, so it was not made.
    case audit(AuditError)
    /// SQLite failed.
    case database(String)

    public var description: String {
        switch self {
        case .invalidName(let name): "invalid token name \"\(name)\": use 1-64 characters from A-Z a-z 0-9 . _ -"
        case .nameTaken(let name): "a token named \(name) already exists; revoke it first"
        case .notFound(let name): "no token named \(name)"
        case .scopeRequired:
            "a trader token needs a scope: --bots and --accounts (comma-separated globs; say '*' for all)"
        case .scopeNotAllowed(let role): "\(role.rawValue) tokens are unscoped; --bots and --accounts are for traders"
        case .randomFailure: "the random generator failed; no token was created"
        case .audit(let error): "the token change was not made because it could not be audited: \(error)"
        case .database(let reason): "database error: \(reason)"
        }
    }
}

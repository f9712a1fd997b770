public import RampartRules

/// A token's public facts.
public struct TokenSummary: Sendable, Hashable {
    /// The unique name.
    public var name: String
    /// The role.
    public var role: Role
    /// When it was created.
    public var createdAt: Timestamp
    /// The bots and accounts a trader token may trade for; nil for ops and admin.
    public var scope: TokenScope?

    /// Creates a summary.
    public init(name: String, role: Role, createdAt: Timestamp, scope: TokenScope? = nil) {
        self.name = name
        self.role = role
        self.createdAt = createdAt
        self.scope = scope
    }
}

/// Who a presented token belongs to.
public struct AuthenticatedToken: Sendable, Hashable {
    /// The token's name (use `token:<name>` as the audit actor).
    public var name: String
    /// The token's role.
    public var role: Role
    /// The bots and accounts a trader may trade for; nil for ops and admin (unscoped).
    public var scope: TokenScope?

    /// Creates an identity.
    public init(name: String, role: Role, scope: TokenScope? = nil) {
        self.name = name
        self.role = role
        self.scope = scope
    }
}

import Foundation
public import GRDB
import RampartCrypto
import RampartRules

/// API bearer tokens for `rampart serve`: `rmp_` + 64 hex characters, shown once, stored only as SHA-256.
public struct TokenStore: Sendable {
    /// Every token starts with this.
    public static let prefix = "rmp_"

    let database: any DatabaseWriter
    let audit: AuditLog

    /// Creates the store; `audit` records every change (and supplies the clock).
    public init(database: any DatabaseWriter, audit: AuditLog) {
        self.database = database
        self.audit = audit
    }

    /// Creates a token named `name` (unique) with `role`; returns the token, which cannot be shown again.
    ///
    /// A trader token needs a `scope` (say `*` to mean every bot or account); ops and admin tokens take none.
    public func create(role: Role, name: String, scope: TokenScope? = nil, actor: String) throws(TokenError) -> String {
        guard SecurityNames.isValid(name) else { throw .invalidName(name) }
        switch (role, scope) {
        case (.trader, nil): throw .scopeRequired
        case (.ops, _?), (.admin, _?): throw .scopeNotAllowed(role)
        default: break
        }
        guard let random = SecureRandom.bytes(32) else { throw .randomFailure }
        let token = Self.prefix + Hex.encode(random)
        let now = audit.clock().nanoseconds
        try run { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM api_tokens WHERE name = ?", arguments: [name]) == true {
                throw TokenError.nameTaken(name)
            }
            try db.execute(
                sql: """
                    INSERT INTO api_tokens (name, role, token_hash, created_at, bot_scope, account_scope)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [name, role.rawValue, Data(Self.hash(token)), now, scope?.botList, scope?.accountList]
            )
            let scoped = scope.map { " bots=\($0.botList) accounts=\($0.accountList)" } ?? ""
            try appendAudit(
                db,
                actor: actor,
                action: "token.create",
                details: "name=\(name) role=\(role.rawValue)\(scoped)"
            )
        }
        return token
    }

    /// Every token's name, role and creation time; never the token or its hash.
    public func list() throws(TokenError) -> [TokenSummary] {
        try TypedDatabase.run(TokenError.database) {
            try database.read { db in
                let sql = "SELECT name, role, created_at, bot_scope, account_scope FROM api_tokens ORDER BY name"
                return try Row.fetchAll(db, sql: sql).compactMap { row in
                    guard let role = Role(rawValue: row[1]) else { return nil }
                    return TokenSummary(
                        name: row[0],
                        role: role,
                        createdAt: Timestamp(nanoseconds: row[2]),
                        scope: Self.scope(bots: row[3], accounts: row[4])
                    )
                }
            }
        }
    }

    /// Deletes the token named `name`.
    public func revoke(name: String, actor: String) throws(TokenError) {
        guard SecurityNames.isValid(name) else { throw .invalidName(name) }
        let deleted = try run { db -> Bool in
            try db.execute(sql: "DELETE FROM api_tokens WHERE name = ?", arguments: [name])
            guard db.changesCount > 0 else { return false }
            try appendAudit(db, actor: actor, action: "token.revoke", details: "name=\(name)")
            return true
        }
        guard deleted else { throw .notFound(name) }
    }

    /// The name and role of the token, or nil; every stored hash is compared in constant time.
    public func authenticate(token: String) throws(TokenError) -> AuthenticatedToken? {
        let presented = Self.hash(token)
        let rows = try TypedDatabase.run(TokenError.database) {
            try database.read { db in
                try Row.fetchAll(db, sql: "SELECT name, role, token_hash, bot_scope, account_scope FROM api_tokens")
            }
        }
        var match: (name: String, role: Role, row: Row)?
        for row in rows {
            guard let stored = StoredValue.blob(row[2]), let name = StoredValue.text(row[0]),
                let role = StoredValue.text(row[1]).flatMap(Role.init(rawValue:))
            else { continue }
            // No early exit: every row is compared whatever the outcome.
            if ConstantTime.equals(presented, stored) && match == nil { match = (name, role, row) }
        }
        guard token.hasPrefix(Self.prefix), token.utf8.count == Self.prefix.utf8.count + 64, let match else {
            return nil
        }
        // Only the matching row's scope is parsed (every row's was, on every lookup of every token). A trader
        // without a readable scope may trade for nobody: fail closed.
        let scope = Self.scope(bots: StoredValue.text(match.row[3]), accounts: StoredValue.text(match.row[4]))
        return AuthenticatedToken(
            name: match.name,
            role: match.role,
            scope: match.role == .trader ? (scope ?? .nothing) : nil
        )
    }

    /// The scope stored in two columns, or nil when either is NULL or unreadable.
    static func scope(bots: String?, accounts: String?) -> TokenScope? {
        guard let bots, let accounts else { return nil }
        return TokenScope(bots: bots, accounts: accounts)
    }

    /// SHA-256 of the token's UTF-8 bytes.
    static func hash(_ token: String) -> [UInt8] { SHA256Digest.hash(Array(token.utf8)) }

    private func run<T>(_ body: (Database) throws -> T) throws(TokenError) -> T {
        try TypedDatabase.run(TokenError.database) { try database.write(body) }
    }

    private func appendAudit(_ db: Database, actor: String, action: String, details: String) throws(TokenError) {
        do throws(AuditError) {
            try audit.append(in: db, actor: actor, action: action, details: details)
        } catch {
            throw .audit(error)
        }
    }
}

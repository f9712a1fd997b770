import Foundation
import GRDB
import RampartCrypto
import RampartRules
import Testing

@testable import RampartStore

@Suite("API tokens")
struct TokenStoreTests {
    @Test("tokens are created once, authenticate to their name and role, and stop working when revoked")
    func lifecycle() throws {
        let fixture = try SecurityFixture()
        let tokens = fixture.tokens
        let admin = try tokens.create(role: .admin, name: "root-console", actor: "cli:alice")
        let everything = try #require(TokenScope(bots: "*", accounts: "*"))
        let trader = try tokens.create(role: .trader, name: "bot-alpha", scope: everything, actor: "cli:alice")
        #expect(admin.hasPrefix("rmp_") && admin.count == 68 && Hex.decode(String(admin.dropFirst(4))) != nil)
        #expect(admin != trader)

        #expect(try tokens.authenticate(token: admin) == AuthenticatedToken(name: "root-console", role: .admin))
        #expect(
            try tokens.authenticate(token: trader)
                == AuthenticatedToken(name: "bot-alpha", role: .trader, scope: everything)
        )
        for wrong in [
            "", "rmp_", String(admin.dropLast()), admin + "0", admin.uppercased(),
            "rmp_" + String(repeating: "0", count: 64),
        ] {
            #expect(try tokens.authenticate(token: wrong) == nil)
        }

        let list = try tokens.list()
        #expect(list.map(\.name) == ["bot-alpha", "root-console"])
        #expect(list.map(\.role) == [.trader, .admin])
        #expect(!"\(list)".contains(String(admin.dropFirst(4))))

        // Only the SHA-256 is stored.
        let stored = try fixture.database.read { db in
            try Data.fetchOne(db, sql: "SELECT token_hash FROM api_tokens WHERE name = 'root-console'")
        }
        #expect(stored.map { [UInt8]($0) } == SHA256Digest.hash(Array(admin.utf8)))

        try tokens.revoke(name: "root-console", actor: "cli:alice")
        #expect(try tokens.authenticate(token: admin) == nil)
        #expect(try tokens.authenticate(token: trader) != nil)
        #expect(throws: TokenError.notFound("root-console")) { try tokens.revoke(name: "root-console", actor: "t") }

        #expect(try fixture.auditActions() == ["token.create", "token.create", "token.revoke"])
        #expect(try fixture.audit.entries().first?.details == "name=root-console role=admin")
        #expect(try fixture.audit.verify().isIntact)
    }

    @Test("names are unique and validated; every role can be created")
    func namesAndRoles() throws {
        let fixture = try SecurityFixture()
        let tokens = fixture.tokens
        for role in Role.allCases {
            let scope = role == .trader ? TokenScope(bots: "*", accounts: "*") : nil
            _ = try tokens.create(role: role, name: "t-\(role.rawValue)", scope: scope, actor: "t")
        }
        #expect(throws: TokenError.nameTaken("t-ops")) { try tokens.create(role: .admin, name: "t-ops", actor: "t") }
        #expect(throws: TokenError.invalidName("")) { try tokens.create(role: .admin, name: "", actor: "t") }
        #expect(throws: TokenError.invalidName("a b")) { try tokens.create(role: .admin, name: "a b", actor: "t") }
        #expect(try tokens.list().count == 3)
    }

    @Test("a trader token is scoped by bot and account globs; ops and admin are unscoped")
    func scopes() throws {
        let fixture = try SecurityFixture()
        let tokens = fixture.tokens
        #expect(throws: TokenError.scopeRequired) { try tokens.create(role: .trader, name: "t", actor: "t") }
        let scope = try #require(TokenScope(bots: "grid-*,scalper-1", accounts: "main"))
        #expect(throws: TokenError.scopeNotAllowed(.ops)) {
            try tokens.create(role: .ops, name: "o", scope: scope, actor: "t")
        }
        // Another trader's row comes first: each token gets its own row's scope.
        let otherScope = try #require(TokenScope(bots: "other-*", accounts: "side"))
        let other = try tokens.create(role: .trader, name: "other-runner", scope: otherScope, actor: "cli:alice")
        let token = try tokens.create(role: .trader, name: "grid-runner", scope: scope, actor: "cli:alice")
        let otherHeld = try #require(try tokens.authenticate(token: other)?.scope)
        #expect(otherHeld.admits(bot: "other-1", account: "side") && !otherHeld.admits(bot: "grid-7", account: "main"))
        let holder = try #require(try tokens.authenticate(token: token))
        let held = try #require(holder.scope)
        #expect(held.admits(bot: "grid-7", account: "main"))
        #expect(held.admits(bot: "scalper-1"))
        #expect(!held.admits(bot: "scalper-2", account: "main"))
        #expect(!held.admits(bot: "grid-7", account: "x1"))
        #expect(
            try tokens.list().first { $0.name == "grid-runner" }?.scope?.description
                == "bots grid-*,scalper-1 accounts main"
        )
        #expect(
            try fixture.audit.entries().last?.details
                == "name=grid-runner role=trader bots=grid-*,scalper-1 accounts=main"
        )
        for bad in ["", "grid-*,", "a b", "x/y"] { #expect(TokenScope(bots: bad, accounts: "*") == nil, "\(bad)") }
    }

    @Test("the migration gives trader tokens made before scopes an explicit * scope, and list shows it")
    func migrationScopesOldTraderTokens() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("scopes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("old.sqlite").path
        let oldToken = "rmp_" + String(repeating: "ab", count: 32)
        do {
            // The database as the previous release left it: migrated up to security-v1, with its tokens.
            let queue = try DatabaseQueue(path: path)
            try Store.migrator.migrate(queue, upTo: "security-v1")
            try queue.write { db in
                try db.execute(
                    sql:
                        "INSERT INTO api_tokens (name, role, token_hash, created_at) VALUES (?, ?, ?, 1), (?, ?, ?, 1)",
                    arguments: [
                        "old-bot", "trader", Data(SHA256Digest.hash(Array(oldToken.utf8))), "old-ops", "ops", Data([2]),
                    ]
                )
            }
        }
        let store = try Store(path: path)
        let tokens = TokenStore(
            database: store.database,
            audit: AuditLog(
                database: store.database,
                key: try AuditKey(bytes: Array(repeating: 3, count: 32)),
                clock: {
                    Timestamp(nanoseconds: 1)
                }
            )
        )
        let list = try tokens.list()
        #expect(list.map(\.name) == ["old-bot", "old-ops"])
        #expect(list.map { $0.scope?.description } == ["bots * accounts *", nil])
        #expect(try tokens.authenticate(token: oldToken)?.scope?.admits(bot: "any", account: "any") == true)
    }

    @Test("a token change that cannot be audited is not made")
    func failsClosed() throws {
        let fixture = try SecurityFixture()
        _ = try fixture.tokens.create(role: .ops, name: "first", actor: "t")
        let otherAudit = AuditLog(
            database: fixture.database,
            key: try AuditKey(bytes: Array(repeating: 1, count: 32)),
            clock: fixture.clock.read
        )
        let tokens = TokenStore(database: fixture.database, audit: otherAudit)
        #expect(throws: TokenError.self) { try tokens.create(role: .admin, name: "second", actor: "t") }
        #expect(throws: TokenError.self) { try tokens.revoke(name: "first", actor: "t") }
        #expect(try fixture.tokens.list().map(\.name) == ["first"])
    }
}

import Foundation
import GRDB
import RampartCrypto
import RampartStore
import Testing

@Suite("API tokens")
struct TokenStoreTests {
    @Test("tokens are created once, authenticate to their name and role, and stop working when revoked")
    func lifecycle() throws {
        let fixture = try SecurityFixture()
        let tokens = fixture.tokens
        let admin = try tokens.create(role: .admin, name: "root-console", actor: "cli:alice")
        let trader = try tokens.create(role: .trader, name: "bot-alpha", actor: "cli:alice")
        #expect(admin.hasPrefix("rmp_") && admin.count == 68 && Hex.decode(String(admin.dropFirst(4))) != nil)
        #expect(admin != trader)

        #expect(try tokens.authenticate(token: admin) == AuthenticatedToken(name: "root-console", role: .admin))
        #expect(try tokens.authenticate(token: trader) == AuthenticatedToken(name: "bot-alpha", role: .trader))
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
        for role in Role.allCases { _ = try tokens.create(role: role, name: "t-\(role.rawValue)", actor: "t") }
        #expect(throws: TokenError.nameTaken("t-ops")) { try tokens.create(role: .admin, name: "t-ops", actor: "t") }
        #expect(throws: TokenError.invalidName("")) { try tokens.create(role: .admin, name: "", actor: "t") }
        #expect(throws: TokenError.invalidName("a b")) { try tokens.create(role: .admin, name: "a b", actor: "t") }
        #expect(try tokens.list().count == 3)
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

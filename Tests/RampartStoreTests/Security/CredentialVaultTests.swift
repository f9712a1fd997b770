import Foundation
import GRDB
import RampartCrypto
import RampartRules
import RampartStore
import Testing

@Suite("Credentials vault")
struct CredentialVaultTests {
    @Test("credentials round-trip, list shows no secrets, and every change is audited")
    func roundTrip() throws {
        let fixture = try SecurityFixture()
        let vault = fixture.vault
        try vault.set(venue: "binance", apiKey: "key-one", secret: "secret-one", actor: "cli:alice")
        fixture.clock.advance(seconds: 60)
        try vault.set(venue: "acme-testnet", apiKey: "key-two", secret: "secret-two", actor: "cli:alice")
        #expect(try vault.credentials(for: "binance") == VenueCredentials(apiKey: "key-one", secret: "secret-one"))
        #expect(try vault.credentials(for: "acme-testnet") == VenueCredentials(apiKey: "key-two", secret: "secret-two"))

        fixture.clock.advance(seconds: 60)
        try vault.set(venue: "binance", apiKey: "key-three", secret: "secret-three", actor: "cli:bob")
        #expect(try vault.credentials(for: "binance") == VenueCredentials(apiKey: "key-three", secret: "secret-three"))

        let list = try vault.list()
        #expect(list.map(\.venue) == ["acme-testnet", "binance"])
        let binance = try #require(list.last)
        #expect(binance.createdAt == Timestamp(nanoseconds: 1_767_225_600_000_000_000))
        #expect(binance.updatedAt.nanoseconds == binance.createdAt.nanoseconds + 120_000_000_000)
        #expect(!"\(list)".contains("secret") && !"\(list)".contains("key-"))
        #expect("\(try vault.credentials(for: "binance"))" == "VenueCredentials(redacted)")

        try vault.delete(venue: "acme-testnet", actor: "cli:alice")
        #expect(throws: VaultError.notFound(venue: "acme-testnet")) { try vault.credentials(for: "acme-testnet") }
        #expect(throws: VaultError.notFound(venue: "acme-testnet")) {
            try vault.delete(venue: "acme-testnet", actor: "x")
        }
        #expect(
            try fixture.auditActions()
                == ["credentials.create", "credentials.create", "credentials.update", "credentials.delete"]
        )
        let details = try fixture.audit.entries().map(\.details)
        #expect(!details.joined().contains("secret") && !details.joined().contains("key-"))
        #expect(try fixture.audit.verify().isIntact)
    }

    @Test("bad venue names and values are refused")
    func validation() throws {
        let fixture = try SecurityFixture()
        let vault = fixture.vault
        for venue in ["", "bin ance", "a|b", "venue/1", String(repeating: "v", count: 65), "ünï"] {
            #expect(throws: VaultError.invalidVenue(venue)) {
                try vault.set(venue: venue, apiKey: "k", secret: "s", actor: "t")
            }
        }
        #expect(throws: VaultError.invalidValue(field: "API key", reason: "it is empty")) {
            try vault.set(venue: "v", apiKey: "", secret: "s", actor: "t")
        }
        #expect(throws: VaultError.invalidValue(field: "secret", reason: "it contains a line break")) {
            try vault.set(venue: "v", apiKey: "k", secret: "s\nt", actor: "t")
        }
        #expect(try vault.list().isEmpty)
    }

    @Test("a different master key cannot decrypt")
    func wrongMasterKey() throws {
        let fixture = try SecurityFixture()
        try fixture.vault.set(venue: "binance", apiKey: "k", secret: "s", actor: "t")
        let other = CredentialVault(
            database: fixture.database,
            key: try MasterKey(bytes: Array(repeating: 7, count: 32)),
            audit: fixture.audit
        )
        #expect(throws: VaultError.decryptionFailed(venue: "binance", field: "API key")) {
            try other.credentials(for: "binance")
        }
    }

    @Test(
        "flipping a byte of the nonce, ciphertext or tag fails decryption",
        arguments: ["api_key", "secret"],
        ["nonce", "ciphertext", "tag"]
    )
    func flippedByteFails(column: String, region: String) throws {
        let fixture = try SecurityFixture()
        try fixture.vault.set(venue: "binance", apiKey: "the-api-key", secret: "the-secret", actor: "t")
        var blob = try Self.blob(fixture, column: column, venue: "binance")
        let index =
            switch region {
            case "nonce": 5
            case "ciphertext": 12 + 3
            default: blob.count - 2
            }
        blob[index] ^= 0x01
        try Self.setBlob(fixture, column: column, venue: "binance", blob)
        let label = column == "api_key" ? "API key" : "secret"
        #expect(throws: VaultError.decryptionFailed(venue: "binance", field: label)) {
            try fixture.vault.credentials(for: "binance")
        }
    }

    @Test("truncated or empty blobs fail decryption")
    func truncatedBlobFails() throws {
        let fixture = try SecurityFixture()
        try fixture.vault.set(venue: "binance", apiKey: "k", secret: "s", actor: "t")
        for blob in [
            [UInt8](), Array(repeating: 0, count: 27),
            Array(try Self.blob(fixture, column: "secret", venue: "binance").dropLast()),
        ] {
            try Self.setBlob(fixture, column: "secret", venue: "binance", blob)
            #expect(throws: VaultError.decryptionFailed(venue: "binance", field: "secret")) {
                try fixture.vault.credentials(for: "binance")
            }
        }
    }

    @Test("swapping ciphertext between venues, between fields, or into a re-created row fails decryption")
    func swappedCiphertextFails() throws {
        let fixture = try SecurityFixture()
        let vault = fixture.vault
        try vault.set(venue: "alpha", apiKey: "alpha-key", secret: "alpha-secret", actor: "t")
        try vault.set(venue: "beta", apiKey: "beta-key", secret: "beta-secret", actor: "t")

        // Secret of alpha moved into beta's row.
        let alphaSecret = try Self.blob(fixture, column: "secret", venue: "alpha")
        let betaSecret = try Self.blob(fixture, column: "secret", venue: "beta")
        try Self.setBlob(fixture, column: "secret", venue: "beta", alphaSecret)
        #expect(throws: VaultError.decryptionFailed(venue: "beta", field: "secret")) {
            try vault.credentials(for: "beta")
        }
        try Self.setBlob(fixture, column: "secret", venue: "beta", betaSecret)
        #expect(try vault.credentials(for: "beta").secret == "beta-secret")

        // Venue names swapped between rows (ciphertext stays with its row id but the venue changes).
        try fixture.database.write { db in
            try db.execute(sql: "UPDATE credentials SET venue = 'tmp' WHERE venue = 'alpha'")
            try db.execute(sql: "UPDATE credentials SET venue = 'alpha' WHERE venue = 'beta'")
            try db.execute(sql: "UPDATE credentials SET venue = 'beta' WHERE venue = 'tmp'")
        }
        #expect(throws: VaultError.decryptionFailed(venue: "alpha", field: "API key")) {
            try vault.credentials(for: "alpha")
        }
        try fixture.database.write { db in
            try db.execute(sql: "UPDATE credentials SET venue = 'tmp' WHERE venue = 'alpha'")
            try db.execute(sql: "UPDATE credentials SET venue = 'alpha' WHERE venue = 'beta'")
            try db.execute(sql: "UPDATE credentials SET venue = 'beta' WHERE venue = 'tmp'")
        }
        #expect(try vault.credentials(for: "alpha").apiKey == "alpha-key")

        // API key and secret swapped within a row.
        try fixture.database.write { db in
            try db.execute(sql: "UPDATE credentials SET api_key = secret, secret = api_key WHERE venue = 'alpha'")
        }
        #expect(throws: VaultError.decryptionFailed(venue: "alpha", field: "API key")) {
            try vault.credentials(for: "alpha")
        }

        // Old ciphertext replayed into a deleted-and-recreated row for the same venue (row ids are never reused).
        let oldKey = try Self.blob(fixture, column: "api_key", venue: "beta")
        let oldSecret = try Self.blob(fixture, column: "secret", venue: "beta")
        try vault.delete(venue: "beta", actor: "t")
        try vault.set(venue: "beta", apiKey: "new-key", secret: "new-secret", actor: "t")
        try Self.setBlob(fixture, column: "api_key", venue: "beta", oldKey)
        try Self.setBlob(fixture, column: "secret", venue: "beta", oldSecret)
        #expect(throws: VaultError.decryptionFailed(venue: "beta", field: "API key")) {
            try vault.credentials(for: "beta")
        }
    }

    @Test("a change that cannot be audited is not made")
    func failsClosedWithoutAudit() throws {
        let fixture = try SecurityFixture()
        try fixture.vault.set(venue: "alpha", apiKey: "k", secret: "s", actor: "t")
        let otherKey = try AuditKey(bytes: Array(repeating: 3, count: 32))
        let vault = CredentialVault(
            database: fixture.database,
            key: fixture.masterKey,
            audit: AuditLog(database: fixture.database, key: otherKey, clock: fixture.clock.read)
        )
        do {
            try vault.set(venue: "beta", apiKey: "k", secret: "s", actor: "t")
            Issue.record("stored credentials without a working audit log")
        } catch {
            guard case .audit(.corruptHead) = error else {
                Issue.record("unexpected \(error)")
                return
            }
        }
        #expect(try fixture.vault.list().map(\.venue) == ["alpha"])
        #expect(throws: (any Error).self) { try vault.delete(venue: "alpha", actor: "t") }
        #expect(try fixture.vault.list().map(\.venue) == ["alpha"])
    }

    static func blob(_ fixture: SecurityFixture, column: String, venue: String) throws -> [UInt8] {
        try fixture.database.read { db in
            try [UInt8](
                Data.fetchOne(db, sql: "SELECT \(column) FROM credentials WHERE venue = ?", arguments: [venue])
                    ?? Data()
            )
        }
    }

    static func setBlob(_ fixture: SecurityFixture, column: String, venue: String, _ blob: [UInt8]) throws {
        try fixture.database.write { db in
            try db.execute(sql: "UPDATE credentials SET \(column) = ? WHERE venue = ?", arguments: [Data(blob), venue])
        }
    }
}

import Foundation
import GRDB
import RampartCrypto
import RampartRules
import RampartStore
import Testing

@Suite("Database dump")
struct DatabaseDumpTests {
    @Test("a database dump contains no plaintext secret or token")
    func noPlaintextInFiles() throws {
        let fixture = try SecurityFixture()
        let apiKey = "APIKEY-vmX8Rk2pQz7LwT4nJ9bH"
        let secret = "SECRET-Gq3Yd6Fs1Ue8Zc5Vr0Ko"
        try fixture.vault.set(venue: "binance", apiKey: apiKey, secret: secret, actor: "cli:alice")
        try fixture.vault.set(venue: "testnet", apiKey: apiKey + "-2", secret: secret + "-2", actor: "cli:alice")
        let token = try fixture.tokens.create(role: .admin, name: "ops-console", actor: "cli:alice")
        let request = try fixture.promotions.request(
            bot: "alpha",
            record: PromotionTests.goodRecord,
            thresholds: PromotionTests.thresholds,
            actor: "cli:alice"
        )

        var needles = [apiKey, secret, apiKey + "-2", secret + "-2", token, String(token.dropFirst(4)), request.nonce]
        needles += needles.map { $0.uppercased() }
        let path = fixture.store.path

        // While open (rows may sit in the WAL) and after a checkpoint into the main file.
        try Self.expectAbsent(needles, in: [path, path + "-wal", path + "-shm"])
        _ = try fixture.database.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        try Self.expectAbsent(needles, in: [path, path + "-wal", path + "-shm"])
        // The values are really there, encrypted: the vault still reads them back.
        #expect(try fixture.vault.credentials(for: "binance") == VenueCredentials(apiKey: apiKey, secret: secret))
        #expect(try fixture.tokens.authenticate(token: token)?.name == "ops-console")

        // An SQL dump of every table reads no plaintext either.
        let dump = try fixture.database.read { db in
            var text = ""
            for table in ["credentials", "api_tokens", "promotions", "audit_log", "audit_head"] {
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \(table)") { text += "\(row)\n" }
            }
            return text
        }
        for needle in needles { #expect(!dump.contains(needle)) }
    }

    static func expectAbsent(_ needles: [String], in paths: [String]) throws {
        var total = 0
        for path in paths where FileManager.default.fileExists(atPath: path) {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            total += bytes.count
            for needle in needles {
                #expect(!contains(bytes, Array(needle.utf8)), "\(needle) found in \(path)")
            }
        }
        #expect(total > 0)
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        let first = needle[0]
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == first && Array(haystack[index..<(index + needle.count)]) == needle { return true }
            index += 1
        }
        return false
    }
}

import Foundation
import GRDB
import RampartCrypto
import RampartStore
import Testing

@Suite("Master and audit keys")
struct MasterKeyTests {
    let key: [UInt8] = (0..<32).map { UInt8($0 * 7 + 3) }

    @Test("a 32-byte owner-only key file loads", arguments: [0o600, 0o400])
    func ownerOnlyFileLoads(mode: Int) throws {
        let fixture = try SecurityFixture()
        let path = try fixture.writeFile("master.key", key, mode: mode)
        let loaded = try MasterKey.load(environment: ["RAMPART_MASTER_KEY_FILE": path])
        let fromHex = try MasterKey.load(environment: ["RAMPART_MASTER_KEY": Hex.encode(key)])
        // Same bytes: the derived audit keys agree.
        #expect(try Self.derivedCode(loaded) == Self.derivedCode(fromHex))
    }

    @Test("a key file other users can access is refused", arguments: [0o644, 0o640, 0o604, 0o660, 0o601, 0o610, 0o777])
    func fileReadableByOthersRefused(mode: Int) throws {
        let fixture = try SecurityFixture()
        let path = try fixture.writeFile("master.key", key, mode: mode)
        #expect(throws: VaultError.keyFileTooOpen(variable: "RAMPART_MASTER_KEY_FILE", path: path, mode: UInt32(mode)))
        {
            try MasterKey.load(environment: ["RAMPART_MASTER_KEY_FILE": path])
        }
        let error = VaultError.keyFileTooOpen(variable: "RAMPART_MASTER_KEY_FILE", path: path, mode: UInt32(mode))
        #expect(error.description.contains("chmod 600"))
    }

    @Test("a key file of the wrong length is refused", arguments: [0, 16, 31, 33, 64])
    func wrongLengthFileRefused(length: Int) throws {
        let fixture = try SecurityFixture()
        let path = try fixture.writeFile("master.key", Array(repeating: 0x5A, count: length), mode: 0o600)
        #expect(throws: VaultError.keyFileWrongLength(variable: "RAMPART_MASTER_KEY_FILE", path: path, length: length))
        {
            try MasterKey.load(environment: ["RAMPART_MASTER_KEY_FILE": path])
        }
    }

    @Test("a missing key file or a directory is refused")
    func missingOrDirectoryRefused() throws {
        let fixture = try SecurityFixture()
        for path in [fixture.directory.appendingPathComponent("absent.key").path, fixture.directory.path, ""] {
            do {
                _ = try MasterKey.load(environment: ["RAMPART_MASTER_KEY_FILE": path])
                Issue.record("loaded a key from \(path)")
            } catch {
                guard case .keyFileUnreadable = error else {
                    Issue.record("unexpected \(error)")
                    continue
                }
            }
        }
    }

    @Test("a hex key loads in either case")
    func hexLoads() throws {
        let lower = try MasterKey.load(environment: ["RAMPART_MASTER_KEY": Hex.encode(key)])
        let upper = try MasterKey.load(environment: ["RAMPART_MASTER_KEY": Hex.encode(key).uppercased()])
        #expect(try Self.derivedCode(lower) == Self.derivedCode(upper))
    }

    @Test(
        "a hex key of the wrong length or with non-hex characters is refused",
        arguments: [
            "", "00", String(repeating: "a", count: 63), String(repeating: "a", count: 65),
            String(repeating: "a", count: 128), String(repeating: "a", count: 63) + "g",
            String(repeating: "a", count: 62) + " a", " " + String(repeating: "a", count: 63),
            String(repeating: "a", count: 64) + "\n", String(repeating: "é", count: 32),
        ]
    )
    func badHexRefused(text: String) {
        do {
            _ = try MasterKey.load(environment: ["RAMPART_MASTER_KEY": text])
            Issue.record("accepted \(text.debugDescription)")
        } catch {
            guard case .keyHexInvalid(let variable, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(variable == "RAMPART_MASTER_KEY")
        }
    }

    @Test("neither variable set is an error naming both")
    func neitherSet() {
        #expect(
            throws: VaultError.keyNotConfigured(
                fileVariable: "RAMPART_MASTER_KEY_FILE",
                hexVariable: "RAMPART_MASTER_KEY"
            )
        ) {
            try MasterKey.load(environment: ["HOME": "/root"])
        }
        let text = VaultError.keyNotConfigured(
            fileVariable: "RAMPART_MASTER_KEY_FILE",
            hexVariable: "RAMPART_MASTER_KEY"
        )
        .description
        #expect(text.contains("RAMPART_MASTER_KEY_FILE") && text.contains("RAMPART_MASTER_KEY "))
    }

    @Test("both variables set is an error, even when both are valid")
    func bothSet() throws {
        let fixture = try SecurityFixture()
        let path = try fixture.writeFile("master.key", key, mode: 0o600)
        #expect(
            throws: VaultError.keyAmbiguous(fileVariable: "RAMPART_MASTER_KEY_FILE", hexVariable: "RAMPART_MASTER_KEY")
        ) {
            try MasterKey.load(environment: ["RAMPART_MASTER_KEY_FILE": path, "RAMPART_MASTER_KEY": Hex.encode(key)])
        }
    }

    @Test("raw key bytes must be 32")
    func rawBytesLength() {
        #expect(throws: VaultError.keyWrongLength(31)) { try MasterKey(bytes: Array(repeating: 1, count: 31)) }
        #expect(throws: VaultError.keyWrongLength(33)) { try AuditKey(bytes: Array(repeating: 1, count: 33)) }
    }

    @Test("keys never print their bytes")
    func redacted() throws {
        let master = try MasterKey(bytes: key)
        #expect("\(master)" == "MasterKey(redacted)")
        #expect(!"\(AuditKey.derived(from: master))".contains(Hex.encode(key)))
    }

    @Test("the audit key prefers its own variables, else derives from the master key, else fails")
    func auditKeySources() throws {
        let fixture = try SecurityFixture()
        let auditBytes = Array(repeating: UInt8(9), count: 32)
        let path = try fixture.writeFile("audit.key", auditBytes, mode: 0o600)
        let master = Hex.encode(key)

        let dedicated = try AuditKey.load(environment: ["RAMPART_AUDIT_KEY_FILE": path, "RAMPART_MASTER_KEY": master])
        #expect(dedicated.source == .dedicated)
        let fromHex = try AuditKey.load(environment: ["RAMPART_AUDIT_KEY": Hex.encode(auditBytes)])
        #expect(fromHex.source == .dedicated)

        let derived = try AuditKey.load(environment: ["RAMPART_MASTER_KEY": master])
        #expect(derived.source == .derivedFromMasterKey)
        // The derivation is HMAC-SHA256(master, "rampart-audit-v1"): check it writes a log the explicit key verifies.
        let explicit = try AuditKey(bytes: HMACSHA256.authenticationCode(for: Array("rampart-audit-v1".utf8), key: key))
        try AuditLog(database: fixture.database, key: derived, clock: fixture.clock.read)
            .append(actor: "test", action: "check", details: "")
        #expect(try AuditLog(database: fixture.database, key: explicit, clock: fixture.clock.read).verify().isIntact)

        do {
            _ = try AuditKey.load(environment: [:])
            Issue.record("loaded an audit key from nothing")
        } catch {
            #expect(error.description.contains("RAMPART_AUDIT_KEY_FILE"))
            #expect(error.description.contains("RAMPART_MASTER_KEY_FILE"))
        }
        #expect(
            throws: VaultError.keyAmbiguous(fileVariable: "RAMPART_AUDIT_KEY_FILE", hexVariable: "RAMPART_AUDIT_KEY")
        ) {
            try AuditKey.load(environment: [
                "RAMPART_AUDIT_KEY_FILE": path, "RAMPART_AUDIT_KEY": Hex.encode(auditBytes),
            ])
        }
        let open = try fixture.writeFile("open-audit.key", auditBytes, mode: 0o644)
        #expect(throws: VaultError.keyFileTooOpen(variable: "RAMPART_AUDIT_KEY_FILE", path: open, mode: 0o644)) {
            try AuditKey.load(environment: ["RAMPART_AUDIT_KEY_FILE": open, "RAMPART_MASTER_KEY": master])
        }
    }

    /// A stand-in for comparing two keys' bytes: the audit key each derives.
    static func derivedCode(_ key: MasterKey) throws -> String {
        let fixture = try SecurityFixture()
        let log = AuditLog(database: fixture.database, key: AuditKey.derived(from: key), clock: fixture.clock.read)
        let entry = try log.append(actor: "a", action: "b", details: "c")
        return try fixture.database.read { db in
            try Data.fetchOne(db, sql: "SELECT mac FROM audit_log WHERE sequence = ?", arguments: [entry.sequence])
                .map { Hex.encode([UInt8]($0)) } ?? ""
        }
    }
}

import Foundation
public import GRDB
public import RampartCrypto
public import RampartRules

/// Venue API keys and secrets, each sealed with AES-256-GCM under the master key; changes are audited.
///
/// A stored field is `nonce ‖ ciphertext ‖ tag` with associated data
/// `rampart-credential-v1|venue=NAME|row=ID|field=api_key|secret`, so moving ciphertext to another venue, row
/// or field fails to decrypt. Row ids are never reused (AUTOINCREMENT).
public struct CredentialVault: Sendable {
    let database: any DatabaseWriter
    let key: MasterKey
    let audit: AuditLog

    /// Creates a vault; `audit` records every change (and supplies the clock).
    public init(database: any DatabaseWriter, key: MasterKey, audit: AuditLog) {
        self.database = database
        self.key = key
        self.audit = audit
    }

    /// Stores (or replaces) the API key and secret of `venue`.
    public func set(venue: String, apiKey: String, secret: String, actor: String) throws(VaultError) {
        try Self.validate(venue: venue)
        try Self.validate(apiKey, field: "API key")
        try Self.validate(secret, field: "secret")
        let now = audit.clock().nanoseconds
        try TypedDatabase.run(VaultError.database) {
            try database.write { db in
                let existing = try Int64.fetchOne(
                    db,
                    sql: "SELECT id FROM credentials WHERE venue = ?",
                    arguments: [venue]
                )
                let id: Int64
                if let existing {
                    id = existing
                } else {
                    try db.execute(
                        sql:
                            "INSERT INTO credentials (venue, api_key, secret, created_at, updated_at) VALUES (?, x'', x'', ?, ?)",
                        arguments: [venue, now, now]
                    )
                    id = db.lastInsertedRowID
                }
                let sealedKey = try seal(apiKey, venue: venue, row: id, field: .apiKey)
                let sealedSecret = try seal(secret, venue: venue, row: id, field: .secret)
                try db.execute(
                    sql: "UPDATE credentials SET api_key = ?, secret = ?, updated_at = ? WHERE id = ?",
                    arguments: [Data(sealedKey), Data(sealedSecret), now, id]
                )
                do throws(AuditError) {
                    try audit.append(
                        in: db,
                        actor: actor,
                        action: existing == nil ? "credentials.create" : "credentials.update",
                        details: "venue=\(venue)"
                    )
                } catch { throw VaultError.audit(error) }
            }
        }
    }

    /// Every venue with stored credentials and when they were set; never the values.
    public func list() throws(VaultError) -> [CredentialSummary] {
        try TypedDatabase.run(VaultError.database) {
            try database.read { db in
                try Row.fetchAll(db, sql: "SELECT venue, created_at, updated_at FROM credentials ORDER BY venue").map {
                    row in
                    CredentialSummary(
                        venue: row[0],
                        createdAt: Timestamp(nanoseconds: row[1]),
                        updatedAt: Timestamp(nanoseconds: row[2])
                    )
                }
            }
        }
    }

    /// Decrypts the API key and secret of `venue`.
    public func credentials(for venue: String) throws(VaultError) -> VenueCredentials {
        try Self.validate(venue: venue)
        let row = try TypedDatabase.run(VaultError.database) {
            try database.read { db in
                try Row.fetchOne(
                    db,
                    sql: "SELECT id, api_key, secret FROM credentials WHERE venue = ?",
                    arguments: [venue]
                )
            }
        }
        guard let row else { throw .notFound(venue: venue) }
        guard let id = StoredValue.integer(row[0]) else { throw .decryptionFailed(venue: venue, field: "row id") }
        let apiKey = try open(StoredValue.blob(row[1]), venue: venue, row: id, field: .apiKey)
        let secret = try open(StoredValue.blob(row[2]), venue: venue, row: id, field: .secret)
        return VenueCredentials(apiKey: apiKey, secret: secret)
    }

    /// Deletes the credentials of `venue`.
    public func delete(venue: String, actor: String) throws(VaultError) {
        try Self.validate(venue: venue)
        let deleted = try TypedDatabase.run(VaultError.database) {
            try database.write { db -> Bool in
                try db.execute(sql: "DELETE FROM credentials WHERE venue = ?", arguments: [venue])
                guard db.changesCount > 0 else { return false }
                do throws(AuditError) {
                    try audit.append(in: db, actor: actor, action: "credentials.delete", details: "venue=\(venue)")
                } catch { throw VaultError.audit(error) }
                return true
            }
        }
        guard deleted else { throw .notFound(venue: venue) }
    }

    /// The two sealed fields of a row.
    enum Field: String {
        case apiKey = "api_key"
        case secret

        /// How errors name the field.
        var label: String { self == .apiKey ? "API key" : "secret" }
    }

    /// The associated data binding a field to its venue and row.
    static func associatedData(venue: String, row: Int64, field: Field) -> [UInt8] {
        Array("rampart-credential-v1|venue=\(venue)|row=\(row)|field=\(field.rawValue)".utf8)
    }

    private func seal(_ value: String, venue: String, row: Int64, field: Field) throws(VaultError) -> [UInt8] {
        do {
            let box = try AESGCM.seal(
                Array(value.utf8),
                key: key.bytes,
                associatedData: Self.associatedData(venue: venue, row: row, field: field)
            )
            return box.nonce + box.ciphertext + box.tag
        } catch {
            throw .cryptoFailure("AES-256-GCM seal of the \(field.label) failed (\(error))")
        }
    }

    private func open(_ stored: [UInt8]?, venue: String, row: Int64, field: Field) throws(VaultError) -> String {
        guard let stored, stored.count >= 28 else { throw .decryptionFailed(venue: venue, field: field.label) }
        let box = AESGCM.SealedBox(
            nonce: Array(stored[0..<12]),
            ciphertext: Array(stored[12..<(stored.count - 16)]),
            tag: Array(stored[(stored.count - 16)...])
        )
        let plaintext: [UInt8]
        do {
            plaintext = try AESGCM.open(
                box,
                key: key.bytes,
                associatedData: Self.associatedData(venue: venue, row: row, field: field)
            )
        } catch {
            throw .decryptionFailed(venue: venue, field: field.label)
        }
        guard let text = String(validating: plaintext, as: UTF8.self) else {
            throw .decryptionFailed(venue: venue, field: field.label)
        }
        return text
    }

    /// 1-64 characters from `A-Z a-z 0-9 . _ -`.
    static func validate(venue: String) throws(VaultError) {
        guard SecurityNames.isValid(venue) else { throw .invalidVenue(venue) }
    }

    private static func validate(_ value: String, field: String) throws(VaultError) {
        guard !value.isEmpty else { throw .invalidValue(field: field, reason: "it is empty") }
        guard value.utf8.count <= 4096 else {
            throw .invalidValue(field: field, reason: "it is longer than 4096 bytes")
        }
        guard !value.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else {
            throw .invalidValue(field: field, reason: "it contains a line break")
        }
    }
}

/// A stored venue, without its secrets.
public struct CredentialSummary: Sendable, Hashable {
    /// The venue name.
    public var venue: String
    /// When the venue's credentials were first stored.
    public var createdAt: Timestamp
    /// When they were last replaced.
    public var updatedAt: Timestamp

    /// Creates a summary.
    public init(venue: String, createdAt: Timestamp, updatedAt: Timestamp) {
        self.venue = venue
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// The names Rampart accepts for venues, bots and tokens.
enum SecurityNames {
    /// 1-64 characters from `A-Z a-z 0-9 . _ -`.
    static func isValid(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...64).contains(bytes.count) else { return false }
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                true
            default: false
            }
        }
    }
}

import RampartCrypto

/// The 32-byte HMAC-SHA256 key of the audit chain; it never touches the database.
///
/// Loaded from `RAMPART_AUDIT_KEY_FILE` or `RAMPART_AUDIT_KEY` when one is set, otherwise derived from the
/// master key as `HMAC-SHA256(master, "rampart-audit-v1")`; with no key at all, loading fails.
public struct AuditKey: Sendable, CustomStringConvertible {
    /// Names the variable holding the path of a file of 32 raw random bytes (mode 0600 or 0400).
    public static let fileVariable = "RAMPART_AUDIT_KEY_FILE"
    /// Names the variable holding the key as 64 hex characters.
    public static let hexVariable = "RAMPART_AUDIT_KEY"
    /// The derivation label used when the key comes from the master key.
    public static let derivationLabel = "rampart-audit-v1"

    /// Where a loaded key came from.
    public enum Source: Sendable, Hashable {
        /// `RAMPART_AUDIT_KEY_FILE` or `RAMPART_AUDIT_KEY`.
        case dedicated
        /// Derived from the master key.
        case derivedFromMasterKey
        /// Given in code.
        case explicit
    }

    /// The raw key.
    let bytes: [UInt8]
    /// Where the key came from.
    public let source: Source

    /// Wraps raw key bytes (exactly 32).
    public init(bytes: [UInt8]) throws(VaultError) {
        guard bytes.count == KeyMaterial.length else { throw .keyWrongLength(bytes.count) }
        self.bytes = bytes
        self.source = .explicit
    }

    init(bytes: [UInt8], source: Source) {
        self.bytes = bytes
        self.source = source
    }

    /// The audit key derived from a master key: `HMAC-SHA256(master, "rampart-audit-v1")`.
    public static func derived(from master: MasterKey) -> AuditKey {
        AuditKey(
            bytes: HMACSHA256.authenticationCode(for: Array(derivationLabel.utf8), key: master.bytes),
            source: .derivedFromMasterKey
        )
    }

    /// The dedicated audit key when one is set, else the one derived from the master key; fails when neither exists.
    public static func load(environment: [String: String]) throws(VaultError) -> AuditKey {
        if let bytes = try KeyMaterial.load(
            fileVariable: fileVariable,
            hexVariable: hexVariable,
            environment: environment
        ) {
            return AuditKey(bytes: bytes, source: .dedicated)
        }
        let master: MasterKey
        do throws(VaultError) {
            master = try MasterKey.load(environment: environment)
        } catch .keyNotConfigured {
            throw .keyNotConfigured(
                fileVariable: "\(fileVariable) or \(MasterKey.fileVariable)",
                hexVariable: "\(hexVariable) or \(MasterKey.hexVariable)"
            )
        }
        return derived(from: master)
    }

    /// Never shows the key.
    public var description: String { "AuditKey(redacted, \(source))" }
}

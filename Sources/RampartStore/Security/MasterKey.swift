/// The 32-byte AES-256-GCM key that seals venue credentials; it never touches the database.
public struct MasterKey: Sendable, CustomStringConvertible {
    /// Names the variable holding the path of a file of 32 raw random bytes (mode 0600 or 0400).
    public static let fileVariable = "RAMPART_MASTER_KEY_FILE"
    /// Names the variable holding the key as 64 hex characters.
    public static let hexVariable = "RAMPART_MASTER_KEY"

    /// The raw key.
    let bytes: [UInt8]

    /// Wraps raw key bytes (exactly 32).
    public init(bytes: [UInt8]) throws(VaultError) {
        guard bytes.count == KeyMaterial.length else { throw .keyWrongLength(bytes.count) }
        self.bytes = bytes
    }

    /// Loads the key from exactly one of `RAMPART_MASTER_KEY_FILE` and `RAMPART_MASTER_KEY`.
    public static func load(environment: [String: String]) throws(VaultError) -> MasterKey {
        guard
            let bytes = try KeyMaterial.load(
                fileVariable: fileVariable,
                hexVariable: hexVariable,
                environment: environment
            )
        else { throw .keyNotConfigured(fileVariable: fileVariable, hexVariable: hexVariable) }
        return try MasterKey(bytes: bytes)
    }

    /// Never shows the key.
    public var description: String { "MasterKey(redacted)" }
}

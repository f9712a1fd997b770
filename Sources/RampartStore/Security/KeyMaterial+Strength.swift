extension KeyMaterial {
    /// Fewer distinct byte values than this in 32 bytes is a pattern, not random bytes: a random key has about 30,
    /// and the chance that one has fewer than 16 is below 10⁻¹⁴.
    static let minimumDistinctBytes = 16

    /// Why `bytes` are unfit as a key (every byte the same, or a short repeated pattern), or nil.
    static func weakness(of bytes: [UInt8]) -> String? {
        let distinct = Set(bytes)
        if distinct.count == 1, let byte = distinct.first {
            let hex = String(byte, radix: 16)
            return "all \(bytes.count) bytes are 0x\(hex.count == 1 ? "0" + hex : hex)"
        }
        if distinct.count < minimumDistinctBytes {
            return "only \(distinct.count) distinct byte values in \(bytes.count) bytes (a pattern, not random bytes)"
        }
        return nil
    }
}

extension MasterKey {
    /// Why the key is too weak for production (every byte the same, or a short repeated pattern), or nil.
    public var weakness: String? { KeyMaterial.weakness(of: bytes) }
}

extension AuditKey {
    /// Why a dedicated audit key is too weak for production, or nil (always nil for one derived from the master key).
    public var weakness: String? { source == .derivedFromMasterKey ? nil : KeyMaterial.weakness(of: bytes) }
}

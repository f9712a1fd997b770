import COpenSSL

/// Comparison that takes the same time wherever the inputs differ (tokens, MACs).
public enum ConstantTime {
    /// Whether `a` and `b` are equal; lengths are compared openly, contents in constant time.
    public static func equals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        if a.isEmpty { return true }
        return a.withUnsafeBytes { left in
            b.withUnsafeBytes { right in CRYPTO_memcmp(left.baseAddress, right.baseAddress, a.count) == 0 }
        }
    }
}

import COpenSSL

/// Cryptographically secure random bytes from OpenSSL.
public enum SecureRandom {
    /// `count` random bytes, or nil when the generator fails (callers must fail closed).
    public static func bytes(_ count: Int) -> [UInt8]? {
        var output = [UInt8](repeating: 0, count: count)
        let status = output.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(count)) }
        return status == 1 ? output : nil
    }
}

import COpenSSL

/// HMAC-SHA256 through the system OpenSSL (venue request signing, the audit chain).
public enum HMACSHA256 {
    /// The 32-byte authentication code of `message` under `key`. A code OpenSSL cannot compute stops the process:
    /// a zero code returned instead would sign requests and chain the audit log with a value anyone can forge.
    public static func authenticationCode(for message: [UInt8], key: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let computed = key.withUnsafeBytes { keyBytes in
            message.withUnsafeBytes { messageBytes in
                output.withUnsafeMutableBufferPointer { out in
                    HMAC(
                        FetchedDigest.sha256.pointer,
                        keyBytes.baseAddress,
                        Int32(keyBytes.count),
                        messageBytes.bindMemory(to: UInt8.self).baseAddress,
                        messageBytes.count,
                        out.baseAddress,
                        &length
                    ) != nil
                }
            }
        }
        precondition(computed && length == 32, "OpenSSL could not compute an HMAC-SHA256 code")
        return output
    }

    /// The code as lowercase hex (Binance-style signatures).
    public static func hexAuthenticationCode(for message: String, key: String) -> String {
        Hex.encode(authenticationCode(for: Array(message.utf8), key: Array(key.utf8)))
    }
}

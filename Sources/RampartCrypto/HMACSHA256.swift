import COpenSSL

/// HMAC-SHA256 through the system OpenSSL (venue request signing, the audit chain).
public enum HMACSHA256 {
    /// The 32-byte authentication code of `message` under `key`.
    public static func authenticationCode(for message: [UInt8], key: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        key.withUnsafeBytes { keyBytes in
            message.withUnsafeBytes { messageBytes in
                output.withUnsafeMutableBufferPointer { out in
                    _ = HMAC(
                        EVP_sha256(),
                        keyBytes.baseAddress,
                        Int32(keyBytes.count),
                        messageBytes.bindMemory(to: UInt8.self).baseAddress,
                        messageBytes.count,
                        out.baseAddress,
                        &length
                    )
                }
            }
        }
        return output
    }

    /// The code as lowercase hex (Binance-style signatures).
    public static func hexAuthenticationCode(for message: String, key: String) -> String {
        Hex.encode(authenticationCode(for: Array(message.utf8), key: Array(key.utf8)))
    }
}

/// SHA-256 through the system OpenSSL.
public enum SHA256Digest {
    /// The 32-byte digest of `bytes`.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        bytes.withUnsafeBytes { input in
            output.withUnsafeMutableBufferPointer { out in
                _ = EVP_Digest(input.baseAddress, input.count, out.baseAddress, &length, EVP_sha256(), nil)
            }
        }
        return output
    }
}

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

/// Cryptographically secure random bytes from OpenSSL.
public enum SecureRandom {
    /// `count` random bytes, or nil when the generator fails (callers must fail closed).
    public static func bytes(_ count: Int) -> [UInt8]? {
        var output = [UInt8](repeating: 0, count: count)
        let status = output.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(count)) }
        return status == 1 ? output : nil
    }
}

/// Lowercase hex encoding.
public enum Hex {
    /// `[0xde, 0xad]` → `dead`.
    public static func encode(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 15)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// `dead` → `[0xde, 0xad]`, or nil for odd length or a non-hex character.
    public static func decode(_ text: String) -> [UInt8]? {
        let characters = Array(text.utf8)
        guard characters.count % 2 == 0 else { return nil }
        func value(_ character: UInt8) -> UInt8? {
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(characters.count / 2)
        var index = 0
        while index < characters.count {
            guard let high = value(characters[index]), let low = value(characters[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }
}

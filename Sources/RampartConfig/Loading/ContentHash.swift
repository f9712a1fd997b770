import COpenSSL

/// The SHA-256 content hash of a profile's files.
enum ContentHash {
    /// Lowercase hex SHA-256 over, for each file sorted by path: its stem, NUL, its byte length in decimal, NUL, its bytes.
    static func of(_ files: [(path: String, bytes: [UInt8])]) -> String {
        var input: [UInt8] = []
        for file in files.sorted(by: { $0.path < $1.path }) {
            input += Array(FileName.stem(of: file.path).utf8)
            input.append(0)
            input += Array(String(file.bytes.count).utf8)
            input.append(0)
            input += file.bytes
        }
        return sha256Hex(input)
    }

    /// Lowercase hex SHA-256 of `bytes`.
    static func sha256Hex(_ bytes: [UInt8]) -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = bytes.withUnsafeBytes { input in
            digest.withUnsafeMutableBufferPointer { output in
                EVP_Digest(input.baseAddress, input.count, output.baseAddress, &length, EVP_sha256(), nil)
            }
        }
        guard ok == 1 else { return "" }
        let hexDigits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in digest.prefix(Int(length)) {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

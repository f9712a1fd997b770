import RampartCrypto

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
    static func sha256Hex(_ bytes: [UInt8]) -> String { Hex.encode(SHA256Digest.hash(bytes)) }
}

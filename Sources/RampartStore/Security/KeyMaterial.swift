import RampartCrypto

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// Reads a 32-byte key from a `*_FILE` variable (raw bytes, owner-only file) or a hex variable.
enum KeyMaterial {
    /// The key length: AES-256 and HMAC-SHA256 keys are 32 bytes.
    static let length = 32

    /// The key named by exactly one of the two variables, or nil when neither is set (an empty value counts as set).
    static func load(
        fileVariable: String,
        hexVariable: String,
        environment: [String: String]
    ) throws(VaultError) -> [UInt8]? {
        switch (environment[fileVariable], environment[hexVariable]) {
        case (nil, nil):
            return nil
        case (.some, .some):
            throw .keyAmbiguous(fileVariable: fileVariable, hexVariable: hexVariable)
        case (let path?, nil):
            return try readFile(path, variable: fileVariable)
        case (nil, let hex?):
            return try decodeHex(hex, variable: hexVariable)
        }
    }

    /// 64 hex characters → 32 bytes.
    static func decodeHex(_ text: String, variable: String) throws(VaultError) -> [UInt8] {
        let count = text.utf8.count
        guard count == length * 2 else {
            throw .keyHexInvalid(variable: variable, reason: "must be exactly 64 hex characters, got \(count)")
        }
        guard let bytes = Hex.decode(text) else {
            throw .keyHexInvalid(variable: variable, reason: "contains a character that is not 0-9, a-f or A-F")
        }
        return bytes
    }

    /// A regular file of exactly 32 bytes that neither group nor others may read, write or execute.
    static func readFile(_ path: String, variable: String) throws(VaultError) -> [UInt8] {
        guard !path.isEmpty else {
            throw .keyFileUnreadable(variable: variable, path: path, reason: "the path is empty")
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw .keyFileUnreadable(variable: variable, path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw .keyFileUnreadable(variable: variable, path: path, reason: String(cString: strerror(errno)))
        }
        let mode = UInt32(info.st_mode)
        guard mode & 0o170000 == 0o100000 else {
            throw .keyFileUnreadable(variable: variable, path: path, reason: "not a regular file")
        }
        guard mode & 0o077 == 0 else {
            throw .keyFileTooOpen(variable: variable, path: path, mode: mode & 0o777)
        }
        guard info.st_size == off_t(length) else {
            throw .keyFileWrongLength(variable: variable, path: path, length: Int(info.st_size))
        }
        var bytes = [UInt8](repeating: 0, count: length + 1)
        var total = 0
        while total < bytes.count {
            let count = bytes.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress! + total, buffer.count - total)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw .keyFileUnreadable(variable: variable, path: path, reason: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            total += count
        }
        guard total == length else { throw .keyFileWrongLength(variable: variable, path: path, length: total) }
        return Array(bytes[0..<length])
    }
}

import RampartCrypto
import RampartSystem

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
        let acceptable = { (status: FileStatus) in
            status.isRegular && status.permissions & 0o077 == 0 && status.size == length
        }
        switch FileContents.read(atPath: path, upTo: length + 1, accepting: acceptable) {
        case .success(let read):
            guard read.bytes.count == length else {
                throw .keyFileWrongLength(variable: variable, path: path, length: read.bytes.count)
            }
            return read.bytes
        case .failure(let failure):
            guard let status = failure.status else {
                let reason = failure.code == EISDIR ? "not a regular file" : failure.reason
                throw .keyFileUnreadable(variable: variable, path: path, reason: reason)
            }
            if !status.isRegular {
                throw .keyFileUnreadable(variable: variable, path: path, reason: "not a regular file")
            }
            if status.permissions & 0o077 != 0 {
                throw .keyFileTooOpen(variable: variable, path: path, mode: status.permissions & 0o777)
            }
            throw .keyFileWrongLength(variable: variable, path: path, length: status.size)
        }
    }
}

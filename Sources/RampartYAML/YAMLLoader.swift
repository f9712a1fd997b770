/// Loads one YAML document strictly.
///
/// Rejects oversized input, invalid UTF-8, syntax errors, duplicate keys, anchors, aliases,
/// merge keys, explicit tags, non-scalar keys, nesting deeper than `maxDepth`, empty input
/// and more than one document. Scalars are kept as text with their style.
public enum YAMLLoader {
    /// The largest accepted input, in bytes (1 MiB).
    public static let maxFileSize = 1 << 20
    /// The deepest accepted nesting of mappings and sequences (the root collection is depth 1).
    public static let maxDepth = 16

    /// Loads the single document in `bytes`, reporting errors against `file`.
    public static func load(bytes: [UInt8], file: String) throws(YAMLError) -> YAMLNode {
        guard bytes.count <= maxFileSize else {
            throw tooLargeError(file: file, size: bytes.count, limit: maxFileSize)
        }
        if let offset = SourceText.firstInvalidUTF8Offset(bytes) {
            let byte = SourceText.hex(Int32(bytes[offset]), digits: 2)
            throw YAMLError(
                file: file,
                mark: SourceText.mark(atOffset: offset, in: bytes),
                message: "invalid UTF-8 byte 0x\(byte)"
            )
        }
        let reader = try EventReader(bytes: bytes, file: file)
        var builder = TreeBuilder(file: file, maxDepth: maxDepth)
        while true {
            if let root = try builder.consume(reader.next()) {
                return root
            }
        }
    }

    /// Reads and loads the file at `path`; errors name the file by `path` as given.
    public static func load(contentsOf path: String) throws(YAMLError) -> YAMLNode {
        let bytes = try FileReader.bytes(atPath: path, limit: maxFileSize)
        return try load(bytes: bytes, file: path)
    }

    /// The error for input of `size` bytes when at most `limit` bytes are accepted.
    static func tooLargeError(file: String, size: Int, limit: Int) -> YAMLError {
        YAMLError(
            file: file,
            mark: .start,
            message: "file is \(size) bytes, which exceeds the limit of \(limit) bytes (\(limit >> 20) MiB)"
        )
    }
}

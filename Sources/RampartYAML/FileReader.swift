import RampartSystem

/// Reads whole YAML files, refusing files larger than a limit.
enum FileReader {
    /// The bytes of the file at `path`; errors are reported at 1:1 of `path` with the OS reason.
    static func bytes(atPath path: String, limit: Int) throws(YAMLError) -> [UInt8] {
        switch FileContents.read(atPath: path, upTo: limit + 1, accepting: { $0.size <= limit }) {
        case .success(let read):
            if read.bytes.count > limit {
                throw YAMLLoader.tooLargeError(file: path, size: read.bytes.count, limit: limit)
            }
            return read.bytes
        case .failure(let failure):
            if let status = failure.status {
                throw YAMLLoader.tooLargeError(file: path, size: status.size, limit: limit)
            }
            let verb = failure.step == .open ? "open" : "read"
            throw YAMLError(file: path, mark: .start, message: "cannot \(verb) file: \(failure.reason)")
        }
    }
}

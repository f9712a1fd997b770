#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Musl)
    internal import Musl
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// Reads config files and lists directories with POSIX calls.
enum SourceFiles {
    /// Why a file could not be read.
    struct ReadFailure: Error {
        /// The OS reason, like `No such file or directory`.
        var reason: String
        /// True when the file does not exist.
        var isMissing: Bool
    }

    /// The bytes of the file at `path`, reading at most `limit + 1` bytes (the YAML loader reports larger files).
    static func bytes(atPath path: String, limit: Int) throws(ReadFailure) -> [UInt8] {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            let code = errno
            throw ReadFailure(reason: reason(code), isMissing: code == ENOENT)
        }
        defer { close(descriptor) }
        var status = stat()
        if fstat(descriptor, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR {
            throw ReadFailure(reason: reason(EISDIR), isMissing: false)
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while bytes.count <= limit {
            let count = chunk.withUnsafeMutableBytes { buffer in read(descriptor, buffer.baseAddress, buffer.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ReadFailure(reason: reason(errno), isMissing: false)
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }

    /// The `*.yaml` and `*.yml` files directly in `directory`, as `directory/name`, sorted; nil if it cannot be read.
    static func yamlFiles(in directory: String) -> [String]? {
        guard let handle = opendir(directory) else { return nil }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            var raw = entry.pointee.d_name
            let name = withUnsafeBytes(of: &raw) { buffer in
                String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self)
            }
            if !name.hasPrefix(".") && (name.hasSuffix(".yaml") || name.hasSuffix(".yml")) { names.append(name) }
        }
        return names.sorted().map { directory.hasSuffix("/") ? directory + $0 : directory + "/" + $0 }
    }

    private static func reason(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }
}

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Musl)
    internal import Musl
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// Reads whole files with POSIX calls, refusing files larger than a limit before reading them.
enum FileReader {
    /// The bytes of the file at `path`; errors are reported at 1:1 of `path` with the OS reason.
    static func bytes(atPath path: String, limit: Int) throws(YAMLError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw failure(path, "cannot open file: \(reason(errno))")
        }
        defer { close(descriptor) }

        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw failure(path, "cannot read file: \(reason(errno))")
        }
        if status.st_mode & S_IFMT == S_IFDIR {
            throw failure(path, "cannot read file: \(reason(EISDIR))")
        }
        let size = Int(status.st_size)
        if size > limit {
            throw tooLarge(path, size: size, limit: limit)
        }

        var bytes: [UInt8] = []
        bytes.reserveCapacity(size)
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress, buffer.count)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure(path, "cannot read file: \(reason(errno))")
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > limit {
                throw tooLarge(path, size: bytes.count, limit: limit)
            }
        }
        return bytes
    }

    private static func tooLarge(_ path: String, size: Int, limit: Int) -> YAMLError {
        YAMLLoader.tooLargeError(file: path, size: size, limit: limit)
    }

    private static func failure(_ path: String, _ message: String) -> YAMLError {
        YAMLError(file: path, mark: .start, message: message)
    }

    private static func reason(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }
}

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// Whole-file and prefix reads through POSIX `open`/`read`.
enum FileBytes {
    /// The file's bytes, or the reason it cannot be read.
    static func readAll(path: String, limit: Int = .max) throws(TradeReadError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw openError(path) }
        defer { close(descriptor) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while output.count < limit {
            let wanted = min(chunk.count, limit - output.count)
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, wanted) }
            if count < 0 {
                if errno == EINTR { continue }
                throw TradeReadError(file: path, message: "cannot read: \(errorText())")
            }
            if count == 0 { break }
            output.append(contentsOf: chunk[0..<count])
        }
        return output
    }

    /// An error for a file that cannot be opened, with the system's reason.
    static func openError(_ path: String) -> TradeReadError {
        TradeReadError(file: path, message: "cannot open: \(errorText())")
    }

    /// The text of the current `errno`.
    static func errorText() -> String {
        guard let text = strerror(errno) else { return "error \(errno)" }
        return String(cString: text)
    }
}

import Glibc

/// Writing to standard error and reading files for commands.
enum Terminal {
    /// Prints a line to standard error.
    static func printError(_ text: String) {
        var line = text
        if !line.hasSuffix("\n") { line += "\n" }
        line.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(2, bytes.baseAddress! + offset, bytes.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }

    /// Reads a whole file, or nil with the OS reason.
    static func readFile(_ path: String) -> Result<[UInt8], FileError> {
        guard let file = fopen(path, "rb") else {
            return .failure(FileError(path: path, reason: String(cString: strerror(errno))))
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count > 0 { bytes.append(contentsOf: buffer[0..<count]) }
            if count < buffer.count { break }
        }
        if ferror(file) != 0 { return .failure(FileError(path: path, reason: "read error")) }
        return .success(bytes)
    }

    /// Reads standard input to the end.
    static func readStandardInput() -> [UInt8] {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = read(0, &buffer, buffer.count)
            if count <= 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        return bytes
    }
}

/// A file that could not be read.
struct FileError: Error, CustomStringConvertible {
    var path: String
    var reason: String
    var description: String { "\(path): error: \(reason)" }
}

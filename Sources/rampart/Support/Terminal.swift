import RampartSystem

/// Writing to standard error and reading files for commands.
enum Terminal {
    /// Prints a line to standard error.
    static func printError(_ text: String) { StandardStream.error.writeLine(text) }

    /// Reads a whole file, or the OS reason it cannot be read.
    static func readFile(_ path: String) -> Result<[UInt8], FileError> {
        FileContents.read(atPath: path).map(\.bytes).mapError { FileError(path: path, reason: $0.reason) }
    }

    /// Reads standard input to the end (empty when it cannot be read).
    static func readStandardInput() -> [UInt8] {
        (try? FileContents.read(atPath: "/dev/stdin").get().bytes) ?? []
    }
}

/// A file that could not be read.
struct FileError: Error, CustomStringConvertible {
    var path: String
    var reason: String
    var description: String { "\(path): error: \(reason)" }
}

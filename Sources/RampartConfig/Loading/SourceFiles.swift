import RampartSystem

/// Reads config files and lists directories.
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
        switch FileContents.read(atPath: path, upTo: limit + 1) {
        case .success(let read): return read.bytes
        case .failure(let failure): throw ReadFailure(reason: failure.reason, isMissing: failure.isMissing)
        }
    }

    /// The `*.yaml` and `*.yml` files directly in `directory`, as `directory/name`, sorted; nil if it cannot be read.
    static func yamlFiles(in directory: String) -> [String]? {
        guard let names = FileContents.names(inDirectory: directory) else { return nil }
        return
            names
            .filter { !$0.hasPrefix(".") && ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) }
            .map { directory.hasSuffix("/") ? directory + $0 : directory + "/" + $0 }
    }
}

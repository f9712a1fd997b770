import RampartSystem

/// Whole-file and prefix reads of trade files.
enum FileBytes {
    /// The file's first `limit` bytes (all of it by default), or the reason it cannot be read.
    static func readAll(path: String, limit: Int = .max) throws(TradeReadError) -> [UInt8] {
        switch FileContents.read(atPath: path, upTo: limit) {
        case .success(let read): return read.bytes
        case .failure(let failure):
            throw TradeReadError(file: path, message: "cannot \(failure.step == .open ? "open" : "read"): \(failure)")
        }
    }
}

import RampartSystem

/// An output file written to `PATH.tmp-<pid>` and renamed over `PATH` only when everything succeeded.
final class StagedFile {
    /// The final path.
    let path: String
    /// Where the bytes go until `commit()`.
    let temporaryPath: String
    private var handle: UnsafeMutablePointer<FILE>?
    private var buffer: [UInt8] = []

    /// Creates the temporary file next to `path`.
    init(path: String) throws(DryRunError) {
        self.path = path
        self.temporaryPath = "\(path).tmp-\(getpid())"
        guard let handle = fopen(temporaryPath, "wb") else {
            throw DryRunError(file: path, message: "cannot write: \(String(cString: strerror(errno)))")
        }
        self.handle = handle
        buffer.reserveCapacity(1 << 20)
    }

    deinit { discard() }

    /// Appends bytes, writing them out in large blocks.
    func write(_ body: (inout [UInt8]) -> Void) throws(DryRunError) {
        body(&buffer)
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws(DryRunError) {
        guard let handle, !buffer.isEmpty else { return }
        let count = buffer.count
        let written = buffer.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, handle) }
        buffer.removeAll(keepingCapacity: true)
        guard written == count else {
            throw DryRunError(file: path, message: "cannot write: \(String(cString: strerror(errno)))")
        }
    }

    /// Writes out what is buffered and closes the temporary file, still under its temporary name.
    func close() throws(DryRunError) {
        guard let handle else { return }
        try flush()
        self.handle = nil
        let failed = ferror(handle) != 0
        if fclose(handle) != 0 || failed {
            throw DryRunError(file: path, message: "cannot write: \(String(cString: strerror(errno)))")
        }
    }

    /// Renames the closed temporary file over the final path.
    func commit() throws(DryRunError) {
        try close()
        guard rename(temporaryPath, path) == 0 else {
            throw DryRunError(
                file: path,
                message: "cannot rename the output into place: \(String(cString: strerror(errno)))"
            )
        }
        committed = true
    }

    private var committed = false

    /// Closes and removes the temporary file, unless it was committed.
    func discard() {
        if let handle {
            fclose(handle)
            self.handle = nil
        }
        if !committed {
            unlink(temporaryPath)
            committed = true
        }
    }
}

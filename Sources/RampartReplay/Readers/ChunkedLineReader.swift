import RampartSystem

/// Reads a file line by line through a fixed buffer (POSIX `read`, 1 MiB chunks), never loading it whole.
///
/// Lines are handed out as pointers into the buffer, valid until the next call; a line longer than the buffer
/// makes the buffer grow.
final class ChunkedLineReader {
    private let descriptor: Int32
    @exclusivity(unchecked) private var buffer: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var capacity: Int
    @exclusivity(unchecked) private var start = 0
    @exclusivity(unchecked) private var end = 0
    @exclusivity(unchecked) private var atEnd = false
    /// The file path, for errors.
    let path: String

    /// Opens `path` for reading.
    init(path: String, chunkSize: Int = 1 << 20) throws(TradeReadError) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw TradeReadError(file: path, message: "cannot open: \(SystemError.current())")
        }
        self.descriptor = descriptor
        self.path = path
        capacity = chunkSize
        buffer = .allocate(capacity: chunkSize)
    }

    deinit {
        close(descriptor)
        buffer.deallocate()
    }

    /// The next line without its `\n` (a trailing `\r` is kept), or nil at the end of the file.
    func nextLine() throws(TradeReadError) -> UnsafeBufferPointer<UInt8>? {
        while true {
            if start < end, let newline = memchr(buffer + start, 0x0A, end - start) {
                let lineEnd = buffer.distance(to: newline.assumingMemoryBound(to: UInt8.self))
                let line = UnsafeBufferPointer(start: buffer + start, count: lineEnd - start)
                start = lineEnd + 1
                return line
            }
            if atEnd {
                guard start < end else { return nil }
                let line = UnsafeBufferPointer(start: buffer + start, count: end - start)
                start = end
                return line
            }
            try fill()
        }
    }

    /// Moves the partial line to the front and reads the next chunk after it.
    private func fill() throws(TradeReadError) {
        if start > 0 {
            let remaining = end - start
            if remaining > 0 { memmove(buffer, buffer + start, remaining) }
            start = 0
            end = remaining
        }
        if end == capacity {
            let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            larger.update(from: buffer, count: end)
            buffer.deallocate()
            buffer = larger
            capacity *= 2
        }
        while true {
            let count = read(descriptor, buffer + end, capacity - end)
            if count < 0 {
                if errno == EINTR { continue }
                throw TradeReadError(file: path, message: "cannot read: \(SystemError.current())")
            }
            if count == 0 { atEnd = true }
            end += count
            return
        }
    }
}

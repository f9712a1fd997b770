/// Whole-file reads with POSIX calls: the one file reader every Rampart module uses (profiles, rule packs, keys,
/// trade files, orders given as `@FILE`).
public enum FileContents {
    /// Reads at most `maxBytes` of the file at `path`, after `accept` has approved its status (so a FIFO or an
    /// over-permissive key file is refused before a byte is read). A directory is refused.
    ///
    /// To detect a file over a limit, ask for `limit + 1` bytes and compare, or compare `status.size`.
    public static func read(
        atPath path: String,
        upTo maxBytes: Int = .max,
        accepting accept: (FileStatus) -> Bool = { _ in true }
    ) -> Result<FileRead, FileReadFailure> {
        guard !path.isEmpty else {
            return .failure(FileReadFailure(reason: "the path is empty", code: ENOENT, step: .open))
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(.current(.open)) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return .failure(.current(.read)) }
        let status = FileStatus(
            kind: UInt32(info.st_mode) & 0o170000,
            permissions: UInt32(info.st_mode) & 0o7777,
            size: Int(info.st_size)
        )
        if status.isDirectory { return .failure(FileReadFailure(code: EISDIR, step: .read)) }
        guard accept(status) else {
            return .failure(FileReadFailure(reason: "refused", code: 0, step: .read, status: status))
        }
        var bytes: [UInt8] = []
        if status.isRegular { bytes.reserveCapacity(min(status.size, maxBytes)) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while bytes.count < maxBytes {
            let wanted = min(chunk.count, maxBytes - bytes.count)
            let count = chunk.withUnsafeMutableBytes { buffer in
                readFromDescriptor(descriptor, buffer.baseAddress, wanted)
            }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(.current(.read))
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return .success(FileRead(bytes: bytes, status: status))
    }

    /// Replaces the file at `path` with `bytes` (created with `permissions`); false when it cannot be written.
    @discardableResult
    public static func write(_ bytes: [UInt8], toPath path: String, permissions: UInt32 = 0o600) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode_t(permissions))
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = writeToDescriptor(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return false }
                offset += written
            }
            return true
        }
    }

    /// Every name in `directory` (without `.` and `..`), sorted; nil when it cannot be listed.
    public static func names(inDirectory directory: String) -> [String]? {
        guard let handle = opendir(directory) else { return nil }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            var raw = entry.pointee.d_name
            let name = withUnsafeBytes(of: &raw) { buffer in
                String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}

/// What `FileContents.read` returns: the bytes read and the file's status when it was opened.
public struct FileRead: Sendable {
    /// The bytes, at most the `maxBytes` asked for.
    public var bytes: [UInt8]
    /// Kind, permissions and size.
    public var status: FileStatus
}

/// A file's kind, permission bits and size, from `fstat`.
public struct FileStatus: Sendable, Hashable {
    /// `st_mode & S_IFMT`.
    public var kind: UInt32
    /// `st_mode & 0o7777`.
    public var permissions: UInt32
    /// Bytes.
    public var size: Int

    /// A regular file.
    public var isRegular: Bool { kind == 0o100000 }
    /// A directory.
    public var isDirectory: Bool { kind == 0o040000 }
}

/// Why a file could not be read: the system's reason, or the caller's refusal of its status.
public struct FileReadFailure: Error, Sendable, CustomStringConvertible {
    /// The system's text for `code` (`No such file or directory`), or `refused`.
    public var reason: String
    /// The `errno` value; 0 when the caller's `accept` refused the file.
    public var code: Int32
    /// Whether opening the file failed, or reading it.
    public var step: Step
    /// The file's status when `accept` refused it.
    public var status: FileStatus?

    /// The system call that failed.
    public enum Step: Sendable, Hashable {
        /// `open`.
        case open
        /// `fstat` or `read` (a directory fails here too).
        case read
    }

    /// True when the file does not exist.
    public var isMissing: Bool { code == ENOENT }

    init(reason: String? = nil, code: Int32, step: Step, status: FileStatus? = nil) {
        self.reason = reason ?? SystemError.text(code)
        self.code = code
        self.step = step
        self.status = status
    }

    /// The failure `errno` describes now.
    static func current(_ step: Step) -> FileReadFailure { FileReadFailure(code: errno, step: step) }

    public var description: String { reason }
}

/// An exclusive advisory lock (`flock(2)`) on a file, held until `release()` or process exit: `rampart serve` holds
/// one on `<database>.lock` so that a second service, or `rampart restore`, cannot take the database from under it.
/// The kernel drops the lock when the process dies, so a `kill -9` never leaves a stale lock behind.
public final class FileLock: Sendable {
    /// The lock file.
    public let path: String
    private let descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    /// Takes the lock on `path` (created if missing, mode 0600) without waiting; nil when another process holds it.
    /// Throws when the file cannot be opened.
    public static func acquire(_ path: String) throws(FileLockError) -> FileLock? {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw FileLockError(path: path, reason: SystemError.current()) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(descriptor)
            if code == EWOULDBLOCK { return nil }
            throw FileLockError(path: path, reason: SystemError.text(code))
        }
        return FileLock(path: path, descriptor: descriptor)
    }

    /// Releases the lock (the file stays).
    public func release() {
        _ = flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

/// Why a lock file could not be opened or locked.
public struct FileLockError: Error, Sendable, CustomStringConvertible {
    /// The lock file.
    public var path: String
    /// The system's reason.
    public var reason: String

    public var description: String { "\(path): \(reason)" }
}

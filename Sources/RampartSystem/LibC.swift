// The one place Rampart names the C library; every other module calls the functions of this module instead.
#if canImport(Glibc)
    @_exported import Glibc
#elseif canImport(Musl)
    @_exported import Musl
#elseif canImport(Darwin)
    @_exported import Darwin
#endif

/// `write(2)`, under a name that methods called `write` do not shadow.
func writeToDescriptor(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}

/// `read(2)`, under a name that methods called `read` do not shadow.
func readFromDescriptor(_ descriptor: Int32, _ bytes: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, bytes, count)
}

/// Text for `errno` values.
public enum SystemError {
    /// The system's text for `code`, such as `No such file or directory`.
    public static func text(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }

    /// The system's text for the current `errno`.
    public static func current() -> String { text(errno) }
}

/// The running process.
public enum SystemProcess {
    /// Ends the process with `status` at once (after the command printed its answer).
    public static func exit(_ status: Int32) -> Never { exitProcess(status) }

    /// Whether anything exists at `path` (a file, a directory, a dangling name is not).
    public static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }
}

private func exitProcess(_ status: Int32) -> Never { exit(status) }

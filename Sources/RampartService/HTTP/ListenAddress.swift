/// Where the server listens: `HOST:PORT` or `unix:PATH`.
public enum ListenAddress: Sendable, Hashable, CustomStringConvertible {
    /// TCP on a host and port (port 0 picks a free one).
    case tcp(host: String, port: Int)
    /// A Unix domain socket.
    case unix(path: String)

    /// Parses `127.0.0.1:8080`, `[::1]:8080` or `unix:/run/rampart.sock`.
    public init(parsing text: String) throws(ListenAddressError) {
        if text.hasPrefix("unix:") {
            let path = String(text.dropFirst(5))
            guard !path.isEmpty else { throw ListenAddressError(text: text) }
            self = .unix(path: path)
            return
        }
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port)
        else { throw ListenAddressError(text: text) }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw ListenAddressError(text: text) }
        self = .tcp(host: host, port: port)
    }

    public var description: String {
        switch self {
        case .tcp(let host, let port): host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        case .unix(let path): "unix:\(path)"
        }
    }
}

/// A `--listen` value that is neither `HOST:PORT` nor `unix:PATH`.
public struct ListenAddressError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text given.
    public var text: String

    public var description: String { "--listen '\(text)': expected HOST:PORT (127.0.0.1:8080) or unix:PATH" }
}

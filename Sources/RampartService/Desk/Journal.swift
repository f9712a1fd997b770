/// The decision journal as the service sees it: readiness, durability and flushing at shutdown.
public protocol Journal: Sendable {
    /// How the start log names it: `in-memory (not durable)`, `sqlite var/rampart.sqlite`.
    var summary: String { get }
    /// Whether it survives a restart.
    var isDurable: Bool { get }
    /// Whether it can take writes now (`/readyz`).
    func isReady() async -> Bool
    /// Writes everything buffered; called after the server drained on SIGTERM/SIGINT.
    func flush() async throws(JournalError)
}

/// A journal failure.
public struct JournalError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public var message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// The stand-in journal until the durable one lands: keeps nothing, always ready, flush does nothing.
public struct InMemoryJournal: Journal {
    /// The path `--db` named, kept for the log; nothing is written there.
    public var requestedPath: String?

    /// Creates the journal; `requestedPath` is only reported.
    public init(requestedPath: String? = nil) { self.requestedPath = requestedPath }

    public var summary: String {
        "in-memory (not durable)"
            + (requestedPath.map { "; --db \($0) is not used until the durable journal lands" } ?? "")
    }

    public var isDurable: Bool { false }

    /// Always ready.
    public func isReady() async -> Bool { true }

    /// Nothing to flush.
    public func flush() async throws(JournalError) {}
}

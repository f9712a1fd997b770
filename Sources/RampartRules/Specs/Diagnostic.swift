/// A located message about a rules or profile file, printed like a compiler's: `path:line:col: error: message`.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    /// How serious a diagnostic is.
    public enum Severity: String, Sendable, Hashable {
        case error, warning, note
    }

    /// A second location that explains the first.
    public struct Note: Sendable, Hashable {
        /// Where.
        public var location: SourceLocation
        /// What.
        public var message: String

        /// Creates a note.
        public init(_ message: String, at location: SourceLocation) {
            self.location = location
            self.message = message
        }
    }

    /// Where the problem is.
    public var location: SourceLocation
    /// How serious it is.
    public var severity: Severity
    /// What is wrong and, where possible, how to fix it.
    public var message: String
    /// Related locations.
    public var notes: [Note]

    /// Creates a diagnostic.
    public init(_ severity: Severity = .error, _ message: String, at location: SourceLocation, notes: [Note] = []) {
        self.location = location
        self.severity = severity
        self.message = message
        self.notes = notes
    }

    /// `file:line:col: error: message`, then one `note:` line per note.
    public var description: String {
        var text = "\(location): \(severity.rawValue): \(message)"
        for note in notes { text += "\n\(note.location): note: \(note.message)" }
        return text
    }
}

/// A set of diagnostics that stopped a load or compile; at least one is an error.
public struct DiagnosticError: Error, Sendable, Hashable, CustomStringConvertible {
    /// All diagnostics, in file order.
    public var diagnostics: [Diagnostic]

    /// Wraps diagnostics.
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    /// One diagnostic per line.
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

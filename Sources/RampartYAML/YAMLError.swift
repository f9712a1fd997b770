/// Why a YAML file was rejected, with where.
public struct YAMLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file name as given to the loader.
    public var file: String
    /// Where the problem is.
    public var mark: YAMLMark
    /// What the problem is.
    public var message: String
    /// An optional second location that explains the problem.
    public var note: YAMLNote?

    /// Creates an error at a mark, optionally with a note.
    public init(file: String, mark: YAMLMark, message: String, note: YAMLNote? = nil) {
        self.file = file
        self.mark = mark
        self.message = message
        self.note = note
    }

    /// `file:line:col: error: message`, followed by `file:line:col: note: message` on a new line when there is a note.
    public var description: String {
        var text = "\(file):\(mark): error: \(message)"
        if let note {
            text += "\n\(file):\(note.mark): note: \(note.message)"
        }
        return text
    }
}

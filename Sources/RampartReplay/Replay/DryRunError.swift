/// Why a dry-run stopped: an unreadable trade file, input the replay cannot take, or an output it cannot write.
public struct DryRunError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file at fault (the trade file, or an output path).
    public var file: String
    /// Where in the file, if known.
    public var location: TradeLocation?
    /// What is wrong.
    public var message: String
    /// The reader's error, when the trade file could not be read.
    public var readError: TradeReadError?

    /// Creates an error.
    public init(file: String, location: TradeLocation? = nil, message: String) {
        self.file = file
        self.location = location
        self.message = message
    }

    /// Wraps a reader error.
    public init(_ error: TradeReadError) {
        self.init(file: error.file, location: error.location, message: error.message)
        self.readError = error
    }

    /// `FILE:LINE: error: …`, like a compiler; a reader error keeps its own wording.
    public var description: String {
        if let readError { return readError.description }
        var text = file
        switch location {
        case .line(let line): text += ":\(line): error: "
        case .position(let line, let column): text += ":\(line):\(column): error: "
        case .jsonPath(let path): text += ": error: \(path): "
        case nil: text += ": error: "
        }
        return text + message
    }
}

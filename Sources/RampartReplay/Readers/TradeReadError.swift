import RampartRules

/// A trade file that cannot be read, with where and which field.
public struct TradeReadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file path as given.
    public var file: String
    /// Where in the file, if known.
    public var location: TradeLocation?
    /// The field at fault, if any.
    public var field: String?
    /// What is wrong.
    public var message: String

    /// Creates an error.
    public init(file: String, location: TradeLocation? = nil, field: String? = nil, message: String) {
        self.file = file
        self.location = location
        self.field = field
        self.message = message
    }

    /// `FILE:LINE: error: field 'price': …`, `FILE:LINE:COL: error: …` or `FILE: error: $.path: …`.
    public var description: String {
        var text = file
        switch location {
        case .line(let line): text += ":\(line): error: "
        case .position(let line, let column): text += ":\(line):\(column): error: "
        case .jsonPath(let path): text += ": error: \(path): "
        case nil: text += ": error: "
        }
        if let field, !isJSONPath { text += "field '\(field)': " }
        return text + message
    }

    private var isJSONPath: Bool { if case .jsonPath = location { true } else { false } }
}

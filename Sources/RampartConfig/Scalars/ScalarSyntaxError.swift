/// Why a scalar's text is not a value of the kind its key needs, such as `1 minute` for a duration.
public struct ScalarSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of value that was expected, as operators say it: `duration`, `percentage`.
    public var kind: String
    /// The text as written.
    public var text: String
    /// Why the text is rejected and what to write instead.
    public var reason: String

    /// Creates an error for `text`, which is not a `kind`.
    public init(kind: String, text: String, reason: String) {
        self.kind = kind
        self.text = text
        self.reason = reason
    }

    /// `invalid duration '1 minute': write a whole number followed by ms, s, m, h or d, like 500ms or 2h`.
    public var description: String { "invalid \(kind) '\(text)': \(reason)" }
}

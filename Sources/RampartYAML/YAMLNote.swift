/// A secondary location attached to a `YAMLError`, such as where a duplicate key was first defined.
public struct YAMLNote: Sendable, Hashable {
    /// Where the note points.
    public var mark: YAMLMark
    /// What the note says.
    public var message: String

    /// Creates a note at a mark.
    public init(mark: YAMLMark, message: String) {
        self.mark = mark
        self.message = message
    }
}

/// A position in a YAML file: 1-based line and 1-based column (columns count Unicode scalars).
public struct YAMLMark: Sendable, Hashable, CustomStringConvertible {
    /// The 1-based line number.
    public var line: Int
    /// The 1-based column, counted in Unicode scalars.
    public var column: Int

    /// Creates a mark from a 1-based line and column.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The mark rendered as `line:column`.
    public var description: String { "\(line):\(column)" }

    /// The first position of a file.
    static let start = YAMLMark(line: 1, column: 1)
}

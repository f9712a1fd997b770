/// Where a value was written: file, 1-based line and column.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file path as given to the loader.
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column, counting Unicode scalars.
    public var column: Int

    /// Creates a location.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`.
    public var description: String { "\(file):\(line):\(column)" }
}

/// A value together with where it was written and how it reached the profile.
public struct Sourced<Value: Sendable & Hashable>: Sendable, Hashable {
    /// The value.
    public var value: Value
    /// Where the value is written.
    public var location: SourceLocation
    /// How it got into the profile, for `explain`: e.g. `via extends base`, `override #1`.
    public var via: String?

    /// Creates a sourced value.
    public init(_ value: Value, at location: SourceLocation, via: String? = nil) {
        self.value = value
        self.location = location
        self.via = via
    }
}

/// A `*` wildcard pattern over bot names and symbols; `*` matches any run of characters, including none.
public struct Glob: Sendable, Hashable, CustomStringConvertible {
    /// The pattern text.
    public let pattern: String
    private let parts: [Substring]

    /// Creates a glob; nil for the empty pattern.
    public init?(_ pattern: String) {
        guard !pattern.isEmpty else { return nil }
        self.pattern = pattern
        self.parts = pattern.split(separator: "*", omittingEmptySubsequences: false)
    }

    /// Whether `text` matches the whole pattern.
    public func matches(_ text: String) -> Bool {
        if parts.count == 1 { return text == pattern }
        var rest = Substring(text)
        guard let first = parts.first, rest.hasPrefix(first) else { return false }
        rest = rest.dropFirst(first.count)
        for middle in parts.dropFirst().dropLast() where !middle.isEmpty {
            guard let range = rest.firstRange(of: middle) else { return false }
            rest = rest[range.upperBound...]
        }
        guard let last = parts.last else { return true }
        return rest.hasSuffix(last)
    }

    public var description: String { pattern }
}

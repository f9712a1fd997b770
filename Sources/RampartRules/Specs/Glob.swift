/// A `*` wildcard pattern over bot names and symbols; `*` matches any run of characters, including none.
public struct Glob: Sendable, Hashable, CustomStringConvertible {
    /// The pattern text.
    public let pattern: String
    private let parts: [Substring]
    /// The parts' UTF-8 bytes when the whole pattern is ASCII: ASCII text (every bot name and symbol) is then matched
    /// byte by byte, which gives the same answer as matching by characters at a fraction of the cost.
    private let asciiParts: [[UInt8]]?

    /// Creates a glob; nil for the empty pattern.
    public init?(_ pattern: String) {
        guard !pattern.isEmpty else { return nil }
        self.pattern = pattern
        self.parts = pattern.split(separator: "*", omittingEmptySubsequences: false)
        self.asciiParts = pattern.utf8.allSatisfy { $0 < 0x80 } ? parts.map { Array($0.utf8) } : nil
    }

    /// Whether `text` matches the whole pattern.
    public func matches(_ text: String) -> Bool {
        if let asciiParts, let answer = Self.matchesASCII(text, parts: asciiParts) { return answer }
        return matchesByCharacters(text)
    }

    /// The match by characters (Unicode canonical equivalence), for text or patterns outside ASCII.
    func matchesByCharacters(_ text: String) -> Bool {
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

    /// The match by bytes; nil when `text` is not ASCII.
    private static func matchesASCII(_ text: String, parts: [[UInt8]]) -> Bool? {
        var text = text
        return text.withUTF8 { bytes -> Bool? in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            if parts.count == 1 { return bytes.elementsEqual(parts[0]) }
            let first = parts[0]
            guard bytes.count >= first.count, bytes[0..<first.count].elementsEqual(first) else { return false }
            var start = first.count
            for middle in parts.dropFirst().dropLast() where !middle.isEmpty {
                guard let found = firstOccurrence(of: middle, in: bytes, from: start) else { return false }
                start = found + middle.count
            }
            let last = parts[parts.count - 1]
            guard bytes.count - start >= last.count else { return false }
            return bytes[(bytes.count - last.count)...].elementsEqual(last)
        }
    }

    /// Where `needle` first occurs in `bytes` at or after `start`.
    private static func firstOccurrence(
        of needle: [UInt8],
        in bytes: UnsafeBufferPointer<UInt8>,
        from start: Int
    )
        -> Int?
    {
        guard bytes.count - start >= needle.count else { return nil }
        for offset in start...(bytes.count - needle.count)
        where bytes[offset..<(offset + needle.count)].elementsEqual(needle) {
            return offset
        }
        return nil
    }

    public var description: String { pattern }
}

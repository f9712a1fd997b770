import Testing

@testable import RampartRules

@Suite struct GlobTests {
    /// Every string of `alphabet` up to `length` characters.
    static func strings(of alphabet: [String], upTo length: Int) -> [String] {
        var all = [""]
        var level = [""]
        for _ in 0..<length {
            level = level.flatMap { prefix in alphabet.map { prefix + $0 } }
            all += level
        }
        return all
    }

    @Test func bytesAndCharactersAgreeOnEveryShortASCIIPatternAndText() throws {
        let patterns = Self.strings(of: ["a", "b", "*", "/"], upTo: 4).compactMap(Glob.init)
        let texts = Self.strings(of: ["a", "b", "/"], upTo: 6)
        var disagreements: [String] = []
        for glob in patterns {
            for text in texts where glob.matches(text) != glob.matchesByCharacters(text) {
                disagreements.append("\(glob.pattern) ~ \(text)")
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(10))")
        #expect(patterns.count == 340 && texts.count == 1_093)
    }

    @Test(arguments: [
        ("*/USDT", "BTC/USDT", true), ("*/USDT", "BTC/USD", false), ("LUNA/*", "LUNA/USDT", true),
        ("bot-*", "bot-7", true), ("bot-*", "bot", false), ("a*b*c", "abc", true), ("a*b*c", "acb", false),
        ("a*a", "a", false), ("*", "", true), ("x", "x", true), ("x", "xx", false),
        // Outside ASCII the characters decide (canonical equivalence): é precomposed and decomposed are equal.
        ("caf\u{E9}*", "cafe\u{301}-bot", true), ("cafe*", "caf\u{E9}", false), ("*\u{E9}", "e\u{301}", true),
    ])
    func matches(pattern: String, text: String, expected: Bool) throws {
        let glob = try #require(Glob(pattern))
        #expect(glob.matches(text) == expected)
        #expect(glob.matchesByCharacters(text) == expected)
    }
}

import RampartYAML
import Testing

@Suite struct YAMLLimitsTests {
    /// `depth` nested block mappings, each under the key `k`, ending in a scalar.
    private func nestedMappings(depth: Int) -> String {
        (0..<depth).map { String(repeating: "  ", count: $0) + "k:" }.joined(separator: "\n") + " leaf\n"
    }

    @Test func nestingOfSixteenMappingsLoads() throws {
        var node = try load(nestedMappings(depth: 16))
        var levels = 0
        while let pair = node.value(forKey: "k") {
            levels += 1
            node = pair.value
        }
        #expect(levels == 16)
        #expect(node.scalar == "leaf")
    }

    @Test func nestingOfSeventeenMappingsIsRejectedAtTheSeventeenth() throws {
        let error = try #require(loadError(nestedMappings(depth: 17)))
        #expect(error.mark == at(17, 33))
        #expect(error.message == "nesting is deeper than the limit of 16 levels")
    }

    @Test func nestingOfFlowSequencesIsLimitedToSixteen() throws {
        let ok = try load(String(repeating: "[", count: 16) + String(repeating: "]", count: 16))
        #expect(ok.sequence?.count == 1)
        let error = try #require(loadError(String(repeating: "[", count: 17) + String(repeating: "]", count: 17)))
        #expect(error.mark == at(1, 17))
    }

    @Test func inputOfExactlyOneMebibyteLoads() throws {
        let text = "a: " + String(repeating: "x", count: YAMLLoader.maxFileSize - 3)
        #expect(try load(text).value(forKey: "a")?.value.scalar?.count == YAMLLoader.maxFileSize - 3)
    }

    @Test func inputOverOneMebibyteIsRejectedBeforeParsing() throws {
        // Content that would also be a syntax error proves the size check comes first.
        let bytes = [UInt8](repeating: UInt8(ascii: "["), count: (1 << 20) + 1)
        let error = try #require(loadError(bytes: bytes))
        #expect(error.mark == at(1, 1))
        #expect(error.message == "file is 1048577 bytes, which exceeds the limit of 1048576 bytes (1 MiB)")
    }

    @Test func invalidUTF8IsReportedAtTheFirstBadByte() throws {
        let bytes = Array("a: 1\nbé: x\nc: ".utf8) + [0xC3, 0x28] + Array("\n".utf8)
        let error = try #require(loadError(bytes: bytes))
        #expect(error.mark == at(3, 4))
        #expect(error.message == "invalid UTF-8 byte 0xC3")
    }

    @Test func invalidUTF8AfterMultibyteCharactersCountsScalars() throws {
        let error = try #require(loadError(bytes: Array("ñé: ü".utf8) + [0xFF]))
        #expect(error.mark == at(1, 6))
        #expect(error.message == "invalid UTF-8 byte 0xFF")
    }

    @Test func overlongAndSurrogateEncodingsAreInvalid() throws {
        #expect(loadError(bytes: [0x61, 0x3A, 0x20, 0xC0, 0xAF])?.message == "invalid UTF-8 byte 0xC0")
        #expect(loadError(bytes: [0x61, 0x3A, 0x20, 0xED, 0xA0, 0x80])?.mark == at(1, 4))
        #expect(loadError(bytes: [0x61, 0x3A, 0x20, 0xF4, 0x90, 0x80, 0x80])?.message == "invalid UTF-8 byte 0xF4")
        #expect(loadError(bytes: [0x61, 0x3A, 0x20, 0xE2, 0x82])?.message == "invalid UTF-8 byte 0xE2")
    }

    @Test func controlCharacterIsReportedAtItsPosition() throws {
        let error = try #require(loadError("a: 1\nb: \u{07}\n"))
        #expect(error.mark == at(2, 4))
        #expect(error.message == "control characters are not allowed (U+0007)")
    }

    @Test func syntaxErrorIsReportedAtLibyamlProblemMark() throws {
        let error = try #require(loadError("a: 1\nb: c: d\n"))
        #expect(error.mark == at(2, 5))
        #expect(error.message == "mapping values are not allowed in this context")
        #expect(error.note == nil)
    }

    @Test func syntaxErrorWithContextCarriesItAsNote() throws {
        let error = try #require(loadError("a: 1\nb: \"open\n"))
        #expect(error.mark == at(3, 1))
        #expect(error.message == "found unexpected end of stream")
        #expect(error.note == YAMLNote(mark: at(2, 4), message: "while scanning a quoted scalar"))
    }

    @Test func emptyFileIsRejected() throws {
        let error = try #require(loadError(""))
        #expect(error.mark == at(1, 1))
        #expect(error.message == "empty document")
    }

    @Test func commentsOnlyFileIsRejected() throws {
        let error = try #require(loadError("# nothing here\n\n   # still nothing\n"))
        #expect(error.mark == at(1, 1))
        #expect(error.message == "empty document")
    }

    @Test func bareDocumentMarkerIsAnEmptyDocument() throws {
        let error = try #require(loadError("# header\n---\n"))
        #expect(error.message == "empty document")
    }

    @Test func secondDocumentIsRejectedAtItsStart() throws {
        let error = try #require(loadError("a: 1\n---\nb: 2\n"))
        #expect(error.mark == at(2, 1))
        #expect(error.message == "only one YAML document is allowed; found a second document here")
    }

    @Test func explicitSingleDocumentWithEndMarkerLoads() throws {
        let root = try load("---\na: 1\n...\n")
        #expect(root.value(forKey: "a")?.keyMark == at(2, 1))
    }
}

import RampartYAML
import Testing

@Suite struct YAMLHazardTests {
    @Test func duplicateKeyIsRejectedAtSecondKeyWithNoteAtFirst() throws {
        let error = try #require(loadError("a: 1\nb: 2\na: 3\n"))
        #expect(error.file == "test.yaml")
        #expect(error.mark == at(3, 1))
        #expect(error.message == "duplicate key \"a\"")
        #expect(error.note == YAMLNote(mark: at(1, 1), message: "first defined here"))
    }

    @Test func duplicateKeyInNestedFlowMappingIsRejected() throws {
        let error = try #require(loadError("outer:\n  inner: {ñ: 1, ñ: 2}\n"))
        #expect(error.mark == at(2, 17))
        #expect(error.note?.mark == at(2, 11))
    }

    @Test func quotedAndPlainSpellingsOfTheSameKeyAreDuplicates() throws {
        let error = try #require(loadError("key: 1\n\"key\": 2\n"))
        #expect(error.mark == at(2, 1))
        #expect(error.note?.mark == at(1, 1))
    }

    @Test func sameKeyInDifferentMappingsIsAllowed() throws {
        let root = try load("a:\n  x: 1\nb:\n  x: 2\n")
        #expect(root.value(forKey: "b")?.value.value(forKey: "x")?.value.scalar == "2")
    }

    @Test func anchorOnScalarIsRejectedAtTheAnchor() throws {
        let error = try #require(loadError("base: &b 1\n"))
        #expect(error.mark == at(1, 7))
        #expect(error.message == "anchors are not allowed (&b)")
    }

    @Test func anchorOnCollectionIsRejectedAtTheAnchor() throws {
        let mapping = try #require(loadError("base: &m\n  x: 1\n"))
        #expect(mapping.mark == at(1, 7))
        #expect(mapping.message == "anchors are not allowed (&m)")
        let sequence = try #require(loadError("list: &s [1, 2]\n"))
        #expect(sequence.mark == at(1, 7))
        #expect(sequence.message == "anchors are not allowed (&s)")
    }

    @Test func aliasIsRejectedAtTheAlias() throws {
        let error = try #require(loadError("a: 1\nb: *a\n"))
        #expect(error.mark == at(2, 4))
        #expect(error.message == "aliases are not allowed (*a)")
    }

    @Test func mergeKeyIsRejectedAtTheKey() throws {
        let error = try #require(loadError("base:\n  x: 1\nother:\n  <<: {x: 2}\n"))
        #expect(error.mark == at(4, 3))
        #expect(error.message == "merge keys (<<) are not allowed")
    }

    @Test func quotedMergeSpellingIsAnOrdinaryKey() throws {
        let root = try load("\"<<\": 1\n")
        #expect(root.value(forKey: "<<")?.value.scalar == "1")
    }

    @Test func standardTagIsRejectedAtTheTag() throws {
        let error = try #require(loadError("a: !!str 1\n"))
        #expect(error.mark == at(1, 4))
        #expect(error.message == "explicit tags are not allowed (tag:yaml.org,2002:str)")
    }

    @Test func localTagIsRejectedAtTheTag() throws {
        let error = try #require(loadError("x: 1\ny: !foo bar\n"))
        #expect(error.mark == at(2, 4))
        #expect(error.message == "explicit tags are not allowed (!foo)")
    }

    @Test func nonSpecificTagOnQuotedScalarIsRejected() throws {
        let error = try #require(loadError("a: ! \"x\"\n"))
        #expect(error.mark == at(1, 4))
        #expect(error.message == "explicit tags are not allowed (!)")
    }

    @Test func tagOnCollectionIsRejectedAtTheTag() throws {
        let mapping = try #require(loadError("a: !!map {x: 1}\n"))
        #expect(mapping.mark == at(1, 4))
        #expect(mapping.message == "explicit tags are not allowed (tag:yaml.org,2002:map)")
        let sequence = try #require(loadError("a:\n  - 1\nb: !list\n  - 2\n"))
        #expect(sequence.mark == at(3, 4))
        #expect(sequence.message == "explicit tags are not allowed (!list)")
    }

    @Test func tagDirectiveIsRejectedAtTheDirective() throws {
        let error = try #require(loadError("# header\n%TAG !e! tag:example.com,2000:\n---\na: 1\n"))
        #expect(error.mark == at(2, 1))
        #expect(error.message == "%TAG directives are not allowed")
    }

    @Test func sequenceUsedAsKeyIsRejected() throws {
        let error = try #require(loadError("a: 1\n? [x, y]\n: 2\n"))
        #expect(error.mark == at(2, 3))
        #expect(error.message == "mapping keys must be scalars; found a sequence used as a key")
    }

    @Test func mappingUsedAsKeyIsRejected() throws {
        let error = try #require(loadError("{ {k: v}: 1 }"))
        #expect(error.mark == at(1, 3))
        #expect(error.message == "mapping keys must be scalars; found a mapping used as a key")
    }
}

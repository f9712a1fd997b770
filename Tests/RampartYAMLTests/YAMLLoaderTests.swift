import RampartYAML
import Testing

@Suite struct YAMLLoaderTests {
    @Test func nestedDocumentKeepsKeysValuesAndExactMarks() throws {
        let text = """
            name: demo
            limits:
              max_qty: 100
              symbols:
                - AAPL
                - "MSFT"
            """
        let root = try load(text)
        #expect(root.mark == at(1, 1))
        let pairs = try #require(root.mapping)
        #expect(pairs.map(\.key) == ["name", "limits"])

        let name = try #require(root.value(forKey: "name"))
        #expect(name.keyMark == at(1, 1))
        #expect(name.value.kind == .scalar("demo", .plain))
        #expect(name.value.mark == at(1, 7))
        #expect(name.value.endMark == at(1, 11))

        let limits = try #require(root.value(forKey: "limits"))
        #expect(limits.keyMark == at(2, 1))
        #expect(limits.value.mark == at(3, 3))

        let maxQty = try #require(limits.value.value(forKey: "max_qty"))
        #expect(maxQty.keyMark == at(3, 3))
        #expect(maxQty.value.scalar == "100")
        #expect(maxQty.value.mark == at(3, 12))

        let symbols = try #require(limits.value.value(forKey: "symbols"))
        #expect(symbols.keyMark == at(4, 3))
        #expect(symbols.value.mark == at(5, 5))
        let items = try #require(symbols.value.sequence)
        #expect(items.map(\.kind) == [.scalar("AAPL", .plain), .scalar("MSFT", .doubleQuoted)])
        #expect(items.map(\.mark) == [at(5, 7), at(6, 7)])
    }

    @Test func columnsCountUnicodeScalarsNotBytes() throws {
        let flow = try load("{ñé: 1, key: \"ü\", last: 3}")
        let pairs = try #require(flow.mapping)
        #expect(pairs.map(\.keyMark) == [at(1, 2), at(1, 9), at(1, 19)])
        #expect(pairs[1].value.mark == at(1, 14))
    }

    @Test func keyAfterMultibyteLineKeepsColumns() throws {
        let root = try load("ключ: значение\n  # коммент\nnext: 値\n")
        let pairs = try #require(root.mapping)
        #expect(pairs.map(\.key) == ["ключ", "next"])
        #expect(pairs[0].value.mark == at(1, 7))
        #expect(pairs[1].keyMark == at(3, 1))
        #expect(pairs[1].value.mark == at(3, 7))
        #expect(pairs[1].value.endMark == at(3, 8))
    }

    @Test func scalarStylesAreReportedAndTextIsNotInterpreted() throws {
        let text = """
            plain: yes
            single: 'it''s'
            double: "tab\\tend"
            number: 0x10
            literal: |
              line one
              line two
            folded: >
              word
              wrap
            """
        let root = try load(text)
        #expect(root.value(forKey: "plain")?.value.kind == .scalar("yes", .plain))
        #expect(root.value(forKey: "single")?.value.kind == .scalar("it's", .singleQuoted))
        #expect(root.value(forKey: "double")?.value.kind == .scalar("tab\tend", .doubleQuoted))
        #expect(root.value(forKey: "number")?.value.kind == .scalar("0x10", .plain))
        #expect(root.value(forKey: "literal")?.value.kind == .scalar("line one\nline two\n", .literal))
        #expect(root.value(forKey: "folded")?.value.kind == .scalar("word wrap", .folded))
        #expect(root.value(forKey: "literal")?.value.mark == at(5, 10))
    }

    @Test func plainNullSpellingsAreRecognisedButQuotedNullIsNot() throws {
        let root = try load("a:\nb: ~\nc: null\nd: Null\ne: NULL\nf: 'null'\ng: nul\n")
        let flags = try #require(root.mapping).map(\.value.isPlainNull)
        #expect(flags == [true, true, true, true, true, false, false])
        #expect(root.value(forKey: "a")?.value.kind == .scalar("", .plain))
    }

    @Test func flowMappingAndFlowSequenceLoad() throws {
        let mapping = try load("{a: 1}")
        #expect(
            mapping.kind
                == .mapping([
                    YAMLPair(
                        key: "a",
                        keyMark: at(1, 2),
                        value: YAMLNode(kind: .scalar("1", .plain), mark: at(1, 5), endMark: at(1, 6))
                    )
                ])
        )
        #expect(mapping.endMark == at(1, 7))

        let sequence = try load("[1, 2]")
        let items = try #require(sequence.sequence)
        #expect(items.map(\.scalar) == ["1", "2"])
        #expect(items.map(\.mark) == [at(1, 2), at(1, 5)])
        #expect(sequence.mark == at(1, 1))
    }

    @Test func rootMayBeAScalarOrSequence() throws {
        #expect(try load("hello").kind == .scalar("hello", .plain))
        #expect(try load("- a\n- b\n").sequence?.count == 2)
    }

    @Test func accessorsReturnNilForTheWrongKind() throws {
        let root = try load("a: [x]")
        #expect(root.scalar == nil)
        #expect(root.sequence == nil)
        #expect(root.value(forKey: "missing") == nil)
        let list = try #require(root.value(forKey: "a")).value
        #expect(list.mapping == nil)
        #expect(list.value(forKey: "a") == nil)
        #expect(list.isPlainNull == false)
    }

    @Test func byteOrderMarkIsAcceptedAndTakesNoColumn() throws {
        let root = try YAMLLoader.load(bytes: [0xEF, 0xBB, 0xBF] + Array("a: 1".utf8), file: "bom.yaml")
        #expect(root.value(forKey: "a")?.keyMark == at(1, 1))
        #expect(root.value(forKey: "a")?.value.mark == at(1, 4))
    }

    @Test func crlfLineEndingsCountAsOneLineBreak() throws {
        let root = try load("a: 1\r\nb: 2\r\n")
        #expect(root.value(forKey: "b")?.keyMark == at(2, 1))
        #expect(root.value(forKey: "b")?.value.scalar == "2")
    }

    @Test func markDescriptionIsLineColon() {
        #expect(at(12, 3).description == "12:3")
    }

    @Test func errorDescriptionHasErrorLineAndNoteLine() {
        let error = loadError("a: 1\nb: 2\na: 3\n")
        #expect(
            error?.description == "test.yaml:3:1: error: duplicate key \"a\"\ntest.yaml:1:1: note: first defined here"
        )
        let plain = YAMLError(file: "x.yaml", mark: at(2, 5), message: "boom")
        #expect(plain.description == "x.yaml:2:5: error: boom")
    }
}

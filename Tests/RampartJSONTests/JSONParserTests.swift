import RampartJSON
import RampartRules
import Testing

struct JSONParserTests {
    @Test func keepsNumbersAsTheirExactText() throws {
        let value = try JSONParser.parse(
            #"{"cost": 2.6127819548872176e-06, "n": -0, "big": 123456789012345678901234567890}"#
        )
        #expect(value["cost"] == .number("2.6127819548872176e-06"))
        #expect(value["n"] == .number("-0"))
        #expect(value["big"] == .number("123456789012345678901234567890"))
        let (decimal, rounded) = try #require(value["cost"]).decimal()
        #expect(decimal == (try FixedDecimal(exactly: "0.00000261")))
        #expect(rounded)
    }

    @Test func decimalAcceptsNumericStringsAndRejectsOtherKinds() throws {
        #expect(try JSONValue.string("0.1").decimal().value == (try FixedDecimal(exactly: "0.1")))
        #expect(throws: JSONDecimalError.wrongType("boolean")) { try JSONValue.bool(true).decimal() }
        #expect(throws: JSONDecimalError.self) { try JSONValue.string("abc").decimal() }
    }

    @Test func keepsMemberOrderAndParsesEveryKind() throws {
        let value = try JSONParser.parse(" {\"b\": [1, true, false, null, \"x\", {}], \"a\": []} \n")
        #expect(value.objectValue?.map(\.key) == ["b", "a"])
        #expect(value["b"] == .array([.number("1"), .bool(true), .bool(false), .null, .string("x"), .object([])]))
        #expect(value["a"] == .array([]))
        #expect(value["b"]?[4] == .string("x"))
    }

    @Test func resolvesEscapesIncludingSurrogatePairs() throws {
        let value = try JSONParser.parse(#"["a\"b\\c\/d\b\f\n\r\t", "\u00e9\u20AC", "\ud83d\ude00", "plain é"]"#)
        #expect(value[0] == .string("a\"b\\c/d\u{08}\u{0C}\n\r\t"))
        #expect(value[1] == .string("é€"))
        #expect(value[2] == .string("😀"))
        #expect(value[3] == .string("plain é"))
    }

    @Test(arguments: [
        ("{\"a\": [1, 2", 1, 12, "unexpected end of input; expected ',' or ']'"),
        ("{\n  \"a\": \"abc", 2, 12, "unexpected end of input in a string"),
        ("[1] x", 1, 5, "unexpected 'x' after the end of the document"),
        ("{\"a\": 1, \"a\": 2}", 1, 10, "duplicate key 'a'"),
        ("[01]", 1, 3, "invalid number: leading zero"),
        ("[1.]", 1, 4, "invalid number: expected a digit after '.'"),
        ("[\"\\ud83d\"]", 1, 3, "unpaired high surrogate in \\u escape"),
        ("[\"\\x\"]", 1, 3, "invalid escape '\\x'"),
        ("[tru]", 1, 2, "invalid literal; expected 'true'"),
        ("{\"a\" 1}", 1, 6, "unexpected '1'; expected ':'"),
        ("[1,]", 1, 4, "unexpected ']'; expected a value"),
        ("", 1, 1, "unexpected end of input; expected a value"),
        ("[\"a\nb\"]", 1, 4, "control character byte 0xA in string; escape it"),
    ])
    func syntaxErrorsGiveLineAndColumn(text: String, line: Int, column: Int, message: String) {
        #expect(throws: JSONSyntaxError(line: line, column: column, message: message)) { try JSONParser.parse(text) }
    }

    @Test func rejectsNestingDeeperThanTheLimit() throws {
        _ = try JSONParser.parse(String(repeating: "[", count: 64) + String(repeating: "]", count: 64))
        #expect(throws: JSONSyntaxError.self) {
            try JSONParser.parse(String(repeating: "[", count: 65) + String(repeating: "]", count: 65))
        }
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse([0x22, 0xFF, 0x22]) }
        // ASCII first, then a lead byte without its continuation: the ASCII fast path must not take it.
        #expect(throws: JSONSyntaxError(line: 1, column: 1, message: "invalid UTF-8 in string")) {
            try JSONParser.parse([0x22, 0x61, 0x62, 0xC3, 0x22])
        }
        #expect((try? JSONParser.parse([0x22, 0x61, 0xC3, 0xA9, 0x22])) == .string("aé"))
    }

    /// Duplicates are found by comparing with each member before while an object is small and by a set once it has
    /// more than 16 members: both ways find the same duplicates, canonically equivalent names included.
    @Test(arguments: [4, 16, 17, 40])
    func findsDuplicateKeysInObjectsOfAnySize(members: Int) throws {
        let names = (0..<members).map { "key\($0)" }
        let distinct = "{" + names.map { "\"\($0)\": 1" }.joined(separator: ", ") + "}"
        #expect(try JSONParser.parse(distinct).objectValue?.map(\.key) == names)
        for repeated in [names[0], names[members - 1]] {
            let text = String(distinct.dropLast()) + ", \"\(repeated)\": 2}"
            let column = text.utf8.count - "\"\(repeated)\": 2}".utf8.count + 1
            #expect(throws: JSONSyntaxError(line: 1, column: column, message: "duplicate key '\(repeated)'")) {
                try JSONParser.parse(text)
            }
        }
        // "é" precomposed, then as "e" and a combining acute accent: one name to `String`.
        let accented = "{" + names.map { "\"\($0)\": 1, " }.joined() + "\"\u{E9}\": 1, \"e\u{301}\": 2}"
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(accented) }
    }

    @Test func looksUpMembersByTheirExactName() throws {
        let value = try JSONParser.parse(#"{"price": 1, "reference_price": 2, "pric": 3}"#)
        #expect(value["price"] == .number("1"))
        #expect(value["reference_price"] == .number("2"))
        #expect(value["pric"] == .number("3"))
        #expect(value["prices"] == nil)
        #expect(value["Price"] == nil)
    }

    /// ASCII strings and numbers up to 15 bytes are made one way, longer ones another: every length reads back whole.
    @Test func stringsAndNumbersOfEveryLengthReadBackWhole() throws {
        for length in 0...40 {
            let text = String(repeating: "k", count: length)
            let digits = "1" + String(repeating: "0", count: length)
            let value = try JSONParser.parse(#"{"\#(text)": "\#(text)é", "n": \#(digits), "\#(text)x": "\#(text)"}"#)
            #expect(value.objectValue?.map(\.key) == [text, "n", text + "x"])
            #expect(value[text] == .string(text + "é"))
            #expect(value["n"] == .number(digits))
            #expect(value[text + "x"] == .string(text))
            #expect(value[text + "x"]?.stringValue?.utf8.count == length)
        }
    }
}

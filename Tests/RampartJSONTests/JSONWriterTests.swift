import RampartJSON
import Testing

struct JSONWriterTests {
    let value = JSONValue.object([
        JSONMember("z", .number("1.50")), JSONMember("a", .array([.bool(true), .null, .string("q\"\\\n\u{01}é")])),
        JSONMember("e", .object([])), JSONMember("f", .array([])),
    ])

    @Test func writesCompactlyWithMembersInTheGivenOrder() {
        #expect(JSONWriter.string(value) == #"{"z":1.50,"a":[true,null,"q\"\\\n\u0001é"],"e":{},"f":[]}"#)
    }

    @Test func prettyPrintsWithTwoSpaces() {
        let expected = """
            {
              "z": 1.50,
              "a": [
                true,
                null,
                "q\\"\\\\\\n\\u0001é"
              ],
              "e": {},
              "f": []
            }
            """
        #expect(JSONWriter.string(value, pretty: true) == expected)
    }

    @Test func writtenTextParsesBackToTheSameValue() throws {
        #expect(try JSONParser.parse(JSONWriter.bytes(value)) == value)
        #expect(try JSONParser.parse(JSONWriter.bytes(value, pretty: true)) == value)
    }
}

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

/// The writer copies eight bytes at a time until one needs an escape: its text must be the byte-by-byte escaping's
/// wherever the escapes fall.
struct JSONWriterEscapingTests {
    /// The escaping the writer had before it copied by words, byte by byte.
    static func reference(_ text: String) -> [UInt8] {
        let hexDigits = Array("0123456789abcdef".utf8)
        var output: [UInt8] = [UInt8(ascii: "\"")]
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): output += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: output += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: output += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: output += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x00..<0x20: output += Array("\\u00".utf8) + [hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
            default: output.append(byte)
            }
        }
        return output + [UInt8(ascii: "\"")]
    }

    static let specials: [String] = [
        "\"", "\\", "\n", "\r", "\t", "\u{00}", "\u{01}", "\u{1F}", "\u{7F}", "é", "€", "😀", " ", "/", "!", "#", "[",
        "]",
    ]

    @Test func everySpecialAtEveryPositionOfStringsUpToTwentyBytes() {
        for length in 0...20 {
            for position in 0...length {
                for special in Self.specials {
                    let text =
                        String(repeating: "a", count: position) + special
                        + String(repeating: "b", count: length - position)
                    #expect(JSONWriter.bytes(.string(text)) == Self.reference(text), "\(Array(text.utf8))")
                }
            }
        }
    }

    @Test func everyByteBelowTheEscapesAndAroundThem() {
        for scalar in (0x00...0x7F).compactMap(Unicode.Scalar.init) {
            let text = "0123456789" + String(scalar) + "abcdefghijklmnop"
            #expect(JSONWriter.bytes(.string(text)) == Self.reference(text), "\(scalar.value)")
        }
    }

    @Test func keysWriteStringAndWriteAgree() {
        let text = "long key with \"quotes\", a \\ and a\ttab, é and \u{01}"
        let value = JSONValue.object([JSONMember(text, .string(text))])
        #expect(
            JSONWriter.bytes(value) == [UInt8(ascii: "{")] + Self.reference(text) + [UInt8(ascii: ":")]
                + Self.reference(text) + [UInt8(ascii: "}")]
        )
        var written: [UInt8] = [1, 2]
        JSONWriter.writeString(text, into: &written)
        #expect(written == [1, 2] + Self.reference(text))
        var appended: [UInt8] = [3]
        JSONWriter.write(value, into: &appended)
        #expect(appended == [3] + JSONWriter.bytes(value))
    }

    @Test func theBytesHaveRoomForTheNewlineTheServiceAppends() {
        for length in 0...40 {
            let bytes = JSONWriter.bytes(.string(String(repeating: "z", count: length)))
            #expect(bytes.count == length + 2)
            #expect(bytes.capacity > bytes.count)
        }
    }

    @Test func aTextLongerThanTheFirstAllocationIsWrittenWhole() {
        let long = String(repeating: "x\"y", count: 2000)
        let value = JSONValue.array([.string(long), .number("1.5"), .null, .bool(false), .string(long)])
        let expected =
            [UInt8(ascii: "[")] + Self.reference(long) + Array(",1.5,null,false,".utf8)
            + Self.reference(long) + [UInt8(ascii: "]")]
        #expect(JSONWriter.bytes(value) == expected)
        #expect(JSONWriter.string(value, pretty: true).count == expected.count + 5 * 3 + 1)
    }
}

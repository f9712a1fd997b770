import RampartYAML
import Testing

@testable import RampartJSON

/// A YAML document as JSON (how docs/openapi.yaml is compiled into the binary): YAML 1.2 core-schema scalars.
@Suite struct JSONValueYAMLTests {
    @Test(arguments: ["1", "-1", "+1.5", "1.", ".5", "1e3", "1.5E-3", "0", "007"])
    func numbers(text: String) { #expect(JSONValue.isCoreNumber(text)) }

    @Test(arguments: ["", ".", "-", "1e", "1.2.3", "e3", "1_000", "0x1F", "1 ", "v1", ".e1"])
    func notNumbers(text: String) { #expect(!JSONValue.isCoreNumber(text)) }

    @Test func plainScalarsResolveQuotedOnesStayStrings() throws {
        let yaml = """
            a: 1.5
            b: "1.5"
            c: true
            d: yes
            e: ~
            f: [x, 2]
            """
        let node = try YAMLLoader.load(bytes: Array(yaml.utf8), file: "test.yaml")
        #expect(
            JSONValue(node)
                == .object([
                    JSONMember("a", .number("1.5")), JSONMember("b", .string("1.5")), JSONMember("c", .bool(true)),
                    JSONMember("d", .string("yes")), JSONMember("e", .null),
                    JSONMember("f", .array([.string("x"), .number("2")])),
                ])
        )
    }
}

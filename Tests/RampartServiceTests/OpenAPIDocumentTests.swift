import Foundation
import RampartJSON
import RampartService
import RampartYAML
import Testing

/// `GET /openapi.json` serves the document compiled into the binary (`OpenAPIDocument`, which OpenAPIEmbedPlugin
/// writes from docs/openapi.yaml at build time); these tests keep it equal to docs/openapi.yaml and off in
/// production mode.
@Suite struct OpenAPIDocumentTests {
    @Test func theEmbeddedDocumentIsDocsOpenAPIYAML() throws {
        let path = TestServer.packageRoot.appendingPathComponent("docs/openapi.yaml").path
        let yaml = Self.normalized(JSONValue(try YAMLLoader.load(contentsOf: path)))
        let embedded = Self.normalized(try JSONParser.parse(OpenAPIDocument.json))
        let difference = Self.firstDifference(yaml, embedded, at: "$")
        #expect(
            difference == nil,
            "the embedded document differs from docs/openapi.yaml at \(difference ?? ""): OpenAPIEmbedPlugin did not run"
        )
    }

    @Test func servedOutsideProductionAndNotRoutedInIt() async throws {
        let server = try await TestServer.start()
        let reply = try await server.request("GET", "/openapi.json")
        #expect(reply.status == 200)
        #expect(reply.json == (try JSONParser.parse(OpenAPIDocument.json)))
        var production = server.server.dependencies
        production.servesAPIDescription = false
        let routes = RampartServer(production).registeredRoutes()
        #expect(!routes.contains("GET /openapi.json"))
        #expect(routes.contains("GET /healthz"))
        await server.stop()
    }

    /// Numbers by value (`1.0` and `1` agree), so the two writers' spellings do not matter.
    static func normalized(_ value: JSONValue) -> JSONValue {
        switch value {
        case .number(let text): .number(Double(text).map { "\($0)" } ?? text)
        case .array(let items): .array(items.map(normalized))
        case .object(let members): .object(members.map { JSONMember($0.key, normalized($0.value)) })
        default: value
        }
    }

    /// The path of the first place where `a` and `b` differ, or nil when they are equal.
    static func firstDifference(_ a: JSONValue, _ b: JSONValue, at path: String) -> String? {
        switch (a, b) {
        case (.object(let left), .object(let right)):
            guard left.map(\.key) == right.map(\.key) else { return "\(path) (keys)" }
            for (l, r) in zip(left, right) {
                if let found = firstDifference(l.value, r.value, at: "\(path).\(l.key)") { return found }
            }
            return nil
        case (.array(let left), .array(let right)):
            guard left.count == right.count else { return "\(path) (length)" }
            for (index, (l, r)) in zip(left, right).enumerated() {
                if let found = firstDifference(l, r, at: "\(path)[\(index)]") { return found }
            }
            return nil
        default:
            return a == b ? nil : path
        }
    }
}

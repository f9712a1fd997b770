import Foundation
import RampartJSON
import RampartYAML

// `OpenAPIEmbedder INPUT.yaml OUTPUT.swift`: writes the Swift source of `OpenAPIDocument`, the OpenAPI document
// (docs/openapi.yaml) as JSON text, so the binary serves it without reading docs/ at run time. The build runs it
// (OpenAPIEmbedPlugin) whenever docs/openapi.yaml changes; nothing generated is kept in the repository.

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("OpenAPIEmbedder: \(message)\n".utf8))
    exit(1)
}

let arguments = CommandLine.arguments
guard arguments.count == 3 else { fail("usage: OpenAPIEmbedder INPUT.yaml OUTPUT.swift") }
let document: YAMLNode
do {
    document = try YAMLLoader.load(contentsOf: arguments[1])
} catch {
    fail("\(error)")
}
let text = JSONWriter.string(JSONValue(document), pretty: true)
guard !text.contains("\"\"\"##") else { fail("\(arguments[1]): the JSON text holds \"\"\"##, which ends the literal") }
let indented = text.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
let source = """
    // Generated at build time from docs/openapi.yaml by OpenAPIEmbedder (OpenAPIEmbedPlugin); do not edit.

    /// The OpenAPI document of the HTTP API (docs/openapi.yaml as JSON), compiled into the binary and served at
    /// `GET /openapi.json` outside production mode.
    public enum OpenAPIDocument {
        /// The document as JSON text.
        public static let json = ##\"\"\"
    \(indented)
        \"\"\"##
    }

    """
do {
    try Data(source.utf8).write(to: URL(fileURLWithPath: arguments[2]), options: .atomic)
} catch {
    fail("\(arguments[2]): \(error)")
}

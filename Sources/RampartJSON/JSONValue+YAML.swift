public import RampartYAML

extension JSONValue {
    /// A YAML document as JSON, plain scalars resolved as YAML 1.2's core schema does: null, true/false, numbers;
    /// every other scalar, and every quoted one, a string (docs/openapi.yaml into the binary, `OpenAPIEmbedder`).
    public init(_ node: YAMLNode) {
        switch node.kind {
        case .mapping(let pairs): self = .object(pairs.map { JSONMember($0.key, JSONValue($0.value)) })
        case .sequence(let items): self = .array(items.map(JSONValue.init))
        case .scalar(let text, let style):
            if style != .plain {
                self = .string(text)
            } else if node.isPlainNull {
                self = .null
            } else if ["true", "True", "TRUE"].contains(text) {
                self = .bool(true)
            } else if ["false", "False", "FALSE"].contains(text) {
                self = .bool(false)
            } else if Self.isCoreNumber(text) {
                self = .number(text)
            } else {
                self = .string(text)
            }
        }
    }

    /// Whether `text` is a number in YAML 1.2's core schema: `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`.
    static func isCoreNumber(_ text: String) -> Bool {
        var bytes = Substring(text).utf8[...]
        func digits() -> Int {
            let count = bytes.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }.count
            bytes = bytes.dropFirst(count)
            return count
        }
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        let whole = digits()
        var fraction = 0
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            fraction = digits()
        }
        guard whole > 0 || fraction > 0 else { return false }
        if let e = bytes.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
                bytes = bytes.dropFirst()
            }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }
}

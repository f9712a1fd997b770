public import RampartRules

/// A JSON value that keeps numbers as their exact source text, so money never passes through `Double`.
public enum JSONValue: Sendable, Hashable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number, as the exact text it was written with (`2.6127819548872176e-06`).
    case number(String)
    /// A string, with escapes resolved.
    case string(String)
    /// An array, in document order.
    case array([JSONValue])
    /// An object's members, in document order (keys are unique).
    case object([JSONMember])

    /// The member value for `key` when this is an object, else nil.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        for member in members where JSONMember.sameKey(member.key, key) { return member.value }
        return nil
    }

    /// The element at `index` when this is an array and the index is in range, else nil.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// The kind of value, for messages: `null`, `boolean`, `number`, `string`, `array`, `object`.
    public var kind: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// True for `null`.
    public var isNull: Bool { self == .null }
    /// The string when this is a string, else nil.
    public var stringValue: String? { if case .string(let text) = self { text } else { nil } }
    /// The Boolean when this is `true`/`false`, else nil.
    public var boolValue: Bool? { if case .bool(let flag) = self { flag } else { nil } }
    /// The elements when this is an array, else nil.
    public var arrayValue: [JSONValue]? { if case .array(let elements) = self { elements } else { nil } }
    /// The members when this is an object, else nil.
    public var objectValue: [JSONMember]? { if case .object(let members) = self { members } else { nil } }

    /// The value as an exact decimal, rounded half-even to eight places; numbers and numeric strings qualify.
    public func decimal() throws(JSONDecimalError) -> (value: FixedDecimal, rounded: Bool) {
        let text: String
        switch self {
        case .number(let source): text = source
        case .string(let source): text = source
        default: throw .wrongType(kind)
        }
        do {
            return try FixedDecimal.parseRounding(text)
        } catch {
            throw .invalid(text, error)
        }
    }
}

/// One `"key": value` member of a JSON object.
public struct JSONMember: Sendable, Hashable {
    /// The member name.
    public var key: String
    /// The member value.
    public var value: JSONValue

    /// Creates a member.
    public init(_ key: String, _ value: JSONValue) {
        self.key = key
        self.value = value
    }

    /// Whether a member's name is the name looked up: lengths first, since `String`'s `==` takes its slow path for
    /// any two strings whose bytes differ (most of the names a lookup passes by). Names of different UTF-8 lengths
    /// are different names here (RFC 8259 compares names code unit by code unit); every name Rampart looks up is
    /// lowercase ASCII letters and `_`, which no other text is canonically equivalent to, so `==` alone answers the
    /// same for them.
    @inline(__always) static func sameKey(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && a == b
    }
}

/// Why a JSON value could not be read as a decimal.
public enum JSONDecimalError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The value is not a number or a string (the kind is given).
    case wrongType(String)
    /// The text is not a decimal number.
    case invalid(String, DecimalSyntaxError)

    public var description: String {
        switch self {
        case .wrongType(let kind): "expected a number, found \(kind)"
        case .invalid(let text, let error): "'\(text)' is not a number: \(error)"
        }
    }
}

import RampartJSON
import RampartRules

/// Typed access to JSON members that turns every problem into a `TradeReadError` at a JSON path.
struct JSONFieldReader {
    /// The file, for errors.
    let file: String
    /// How many decimals were rounded so far.
    var roundedValues = 0

    /// Parses a whole document, mapping syntax errors to file positions.
    static func parse(_ bytes: [UInt8], file: String) throws(TradeReadError) -> JSONValue {
        do {
            return try JSONParser.parse(bytes)
        } catch {
            throw TradeReadError(
                file: file,
                location: .position(line: error.line, column: error.column),
                message: error.message
            )
        }
    }

    /// An error at `path.key`.
    func error(_ path: String, _ key: String?, _ message: String) -> TradeReadError {
        TradeReadError(
            file: file,
            location: .jsonPath(key.map { "\(path).\($0)" } ?? path),
            field: key,
            message: message
        )
    }

    /// The member `key` of the object at `path`; missing members are an error.
    func value(_ object: JSONValue, _ key: String, at path: String) throws(TradeReadError) -> JSONValue {
        guard let value = object[key] else { throw error(path, key, "missing field '\(key)'") }
        return value
    }

    /// The members of an object, or an error naming what was found instead.
    func object(_ value: JSONValue, at path: String) throws(TradeReadError) -> [JSONMember] {
        guard let members = value.objectValue else { throw error(path, nil, "expected an object, found \(value.kind)") }
        return members
    }

    /// The elements of an array, or an error naming what was found instead.
    func array(_ value: JSONValue, at path: String) throws(TradeReadError) -> [JSONValue] {
        guard let elements = value.arrayValue else { throw error(path, nil, "expected an array, found \(value.kind)") }
        return elements
    }

    /// A string member.
    func string(_ object: JSONValue, _ key: String, at path: String) throws(TradeReadError) -> String {
        let value = try value(object, key, at: path)
        guard let text = value.stringValue else { throw error(path, key, "expected a string, found \(value.kind)") }
        return text
    }

    /// An optional Boolean member: missing or null give `fallback`.
    func bool(
        _ object: JSONValue,
        _ key: String,
        at path: String,
        default fallback: Bool
    ) throws(TradeReadError) -> Bool {
        guard let value = object[key], !value.isNull else { return fallback }
        guard let flag = value.boolValue else { throw error(path, key, "expected true or false, found \(value.kind)") }
        return flag
    }

    /// A decimal member (number or numeric string), rounded half-even to eight places and counted when rounded.
    mutating func decimal(_ object: JSONValue, _ key: String, at path: String) throws(TradeReadError) -> FixedDecimal {
        try decimal(try value(object, key, at: path), named: key, at: path)
    }

    /// A decimal value found at `path.key`.
    mutating func decimal(_ value: JSONValue, named key: String, at path: String) throws(TradeReadError) -> FixedDecimal
    {
        do {
            let (decimal, rounded) = try value.decimal()
            if rounded { roundedValues += 1 }
            return decimal
        } catch {
            throw self.error(path, key, error.description)
        }
    }

    /// A decimal member that must be above zero.
    mutating func positive(_ object: JSONValue, _ key: String, at path: String) throws(TradeReadError) -> FixedDecimal {
        let value = try decimal(object, key, at: path)
        guard value.isPositive else { throw error(path, key, "must be greater than zero, found \(value)") }
        return value
    }

    /// A decimal member that must not be negative.
    mutating func nonNegative(
        _ object: JSONValue,
        _ key: String,
        at path: String
    ) throws(TradeReadError) -> FixedDecimal {
        let value = try decimal(object, key, at: path)
        guard !value.isNegative else { throw error(path, key, "must not be negative, found \(value)") }
        return value
    }

    /// A time member in whole epoch milliseconds (`1515568500000` or `1515568500000.0`).
    func milliseconds(_ object: JSONValue, _ key: String, at path: String) throws(TradeReadError) -> Timestamp {
        let value = try value(object, key, at: path)
        guard case .number(let text) = value else {
            throw error(path, key, "expected milliseconds, found \(value.kind)")
        }
        guard let parsed = try? FixedDecimal.parseRounding(text), !parsed.rounded,
            let time = FieldRules.milliseconds(parsed.value)
        else { throw error(path, key, "'\(text)' is not a whole number of milliseconds") }
        return time
    }

    /// A `BASE/QUOTE` symbol member.
    func symbol(_ object: JSONValue, _ key: String, at path: String) throws(TradeReadError) -> String {
        let text = try string(object, key, at: path)
        guard FieldRules.isValidSymbol(text) else { throw error(path, key, FieldRules.symbolMessage(text)) }
        return text
    }

    /// A `buy`/`sell` member.
    func side(_ object: JSONValue, _ key: String, at path: String) throws(TradeReadError) -> Side {
        let text = try string(object, key, at: path)
        switch text {
        case "buy": return .buy
        case "sell": return .sell
        default: throw error(path, key, "expected 'buy' or 'sell', found '\(text)'")
        }
    }
}

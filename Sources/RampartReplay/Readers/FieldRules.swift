import RampartRules

/// Checks shared by every reader: symbol shape and whole-number millisecond times.
enum FieldRules {
    /// True for `BASE/QUOTE` with both parts non-empty and made of `[A-Za-z0-9._-]`.
    static func isValidSymbol(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var slashes = 0
        var slashAt = -1
        for (offset, byte) in bytes.enumerated() {
            switch byte {
            case UInt8(ascii: "/"):
                slashes += 1
                slashAt = offset
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                continue
            default: return false
            }
        }
        return slashes == 1 && slashAt > 0 && slashAt < bytes.count - 1
    }

    /// `isValidSymbol` for a string.
    static func isValidSymbol(_ symbol: String) -> Bool {
        var symbol = symbol
        return symbol.withUTF8 { isValidSymbol($0) }
    }

    /// The message for a symbol that fails `isValidSymbol`.
    static func symbolMessage(_ symbol: String) -> String {
        "unknown symbol format '\(symbol)'; expected BASE/QUOTE made of letters, digits, '.', '_' and '-'"
    }

    /// The base and quote parts of a valid symbol.
    static func parts(of symbol: String) -> (base: Substring, quote: Substring) {
        let slash = symbol.firstIndex(of: "/") ?? symbol.endIndex
        let quoteStart = slash < symbol.endIndex ? symbol.index(after: slash) : slash
        return (symbol[..<slash], symbol[quoteStart...])
    }

    /// A timestamp from a whole number of milliseconds, written `1515568500000` or `1515568500000.0`.
    static func milliseconds(_ value: FixedDecimal) -> Timestamp? {
        guard value.units % FixedDecimal.scale == 0 else { return nil }
        let milliseconds = value.units / FixedDecimal.scale
        guard let exact = Int64(exactly: milliseconds) else { return nil }
        return Timestamp(milliseconds: exact)
    }
}

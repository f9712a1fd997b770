public import RampartRules

extension ScalarGrammar {
    /// Parses a money or quantity decimal exactly, plain or quoted: `1000`, `0.00012`, `"1000.50"` (≤ 8 decimals).
    public static func parseDecimal(_ text: String) throws(ScalarSyntaxError) -> FixedDecimal {
        do {
            return try FixedDecimal(exactly: text)
        } catch {
            throw ScalarSyntaxError(
                kind: "decimal",
                text: text,
                reason: reason(for: error, in: text, hint: decimalHint)
            )
        }
    }

    /// Explains a `DecimalSyntaxError` in operator terms.
    static func reason(for error: DecimalSyntaxError, in text: String, hint: String) -> String {
        switch error {
        case .empty: return hint
        case .unexpectedCharacter(let offset):
            let bytes = Array(text.utf8)
            guard offset < bytes.count else { return "the number is incomplete; \(hint)" }
            let character = String(decoding: bytes[offset...], as: UTF8.self).first.map(String.init) ?? "?"
            return "unexpected '\(character)'; \(hint)"
        case .tooManyFractionDigits, .exponentNotAllowed, .leadingZero, .outOfRange: return "\(error)"
        }
    }
}

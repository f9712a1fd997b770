extension ScalarGrammar {
    /// Parses an integer: plain `-?(0|[1-9][0-9]*)` (not `0100`, `0x10`, `1_000`, `1:30`, `1e3` or `1.0`).
    public static func parseInteger(_ text: String, quoted: Bool = false) throws(ScalarSyntaxError) -> Int {
        func failure(_ reason: String) -> ScalarSyntaxError {
            ScalarSyntaxError(kind: "integer", text: text, reason: reason)
        }
        let negative = text.hasPrefix("-")
        let digits = Substring(text).dropFirst(negative ? 1 : 0)
        guard isAllDigits(digits) else { throw failure(integerHint) }
        if digits.count > 1 && digits.first == "0" {
            throw failure("leading zeros are not allowed; \(integerHint)")
        }
        guard let magnitude = parseDigits(digits) else { throw failure("number out of range") }
        if quoted { throw failure("a quoted string is not an integer; \(integerHint) without quotes") }
        return negative ? -magnitude : magnitude
    }
}

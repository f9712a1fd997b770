extension ScalarGrammar {
    /// Parses a boolean: plain `true` or `false` only (not `yes`, `on`, `True`, `1` or a quoted `"true"`).
    public static func parseBool(_ text: String, quoted: Bool = false) throws(ScalarSyntaxError) -> Bool {
        let value: Bool? =
            switch text {
            case "true": true
            case "false": false
            default: nil
            }
        guard let value else {
            throw ScalarSyntaxError(kind: "boolean", text: text, reason: booleanHint)
        }
        if quoted {
            throw ScalarSyntaxError(
                kind: "boolean",
                text: text,
                reason: "a quoted string is not a boolean; \(booleanHint) without quotes"
            )
        }
        return value
    }
}

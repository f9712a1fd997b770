public import RampartRules

extension ScalarGrammar {
    /// Parses a percentage, a decimal followed by `%` with no space: `5%`, `0.5%` (not `5`, `five` or `5 %`).
    public static func parsePercent(_ text: String) throws(ScalarSyntaxError) -> Percent {
        guard text.hasSuffix("%") else {
            let reason =
                (try? FixedDecimal(exactly: text)) != nil ? "a percentage needs a % sign, like \(text)%" : percentHint
            throw ScalarSyntaxError(kind: "percentage", text: text, reason: reason)
        }
        let number = String(text.dropLast())
        do {
            return Percent(try FixedDecimal(exactly: number))
        } catch {
            throw ScalarSyntaxError(
                kind: "percentage",
                text: text,
                reason: reason(for: error, in: number, hint: percentHint)
            )
        }
    }
}

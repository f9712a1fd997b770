public import RampartRules

extension ScalarGrammar {
    /// Parses a rate window, `COUNT/DURATION`: `30/1m`, `500/1h`, `50/1d` (not `30 per minute`).
    public static func parseRate(_ text: String) throws(ScalarSyntaxError) -> Rate {
        func failure(_ reason: String) -> ScalarSyntaxError {
            ScalarSyntaxError(kind: "rate", text: text, reason: reason)
        }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, isAllDigits(parts[0]) else { throw failure(rateHint) }
        guard let count = parseDigits(parts[0]) else {
            throw failure(
                parts[0].count > 1 && parts[0].hasPrefix("0") ? "leading zeros are not allowed" : "count out of range"
            )
        }
        let window: TimeSpan
        do {
            window = try parseDuration(String(parts[1]))
        } catch {
            throw failure("the window '\(parts[1])' is not a duration; \(rateHint)")
        }
        return Rate(count: count, window: window)
    }

    /// Parses a `*` glob pattern, which must not be empty.
    public static func parseGlob(_ text: String) throws(ScalarSyntaxError) -> Glob {
        guard let glob = Glob(text) else {
            throw ScalarSyntaxError(kind: "pattern", text: text, reason: "a pattern must not be empty, like \"*/USDT\"")
        }
        return glob
    }
}

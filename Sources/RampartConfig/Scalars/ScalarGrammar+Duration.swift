public import RampartRules

extension ScalarGrammar {
    /// Nanoseconds per duration unit.
    static let durationUnits: [(suffix: String, nanoseconds: Int64)] = [
        ("ms", 1_000_000), ("s", 1_000_000_000), ("m", 60_000_000_000), ("h", 3_600_000_000_000),
        ("d", 86_400_000_000_000),
    ]

    /// Parses a duration, a whole number and a unit `ms|s|m|h|d`: `500ms`, `2s`, `1m`, `2h`, `7d`.
    ///
    /// `0s` parses (range checks reject it where a window must be longer than zero); `60`, `1 minute` and `1.5h` do not.
    public static func parseDuration(_ text: String) throws(ScalarSyntaxError) -> TimeSpan {
        func failure(_ reason: String) -> ScalarSyntaxError {
            ScalarSyntaxError(kind: "duration", text: text, reason: reason)
        }
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        let digitCount = digits.count
        let unit = String(text.dropFirst(digitCount))
        guard digitCount > 0, let size = durationUnits.first(where: { $0.suffix == unit })?.nanoseconds else {
            if digitCount > 0 && unit.isEmpty { throw failure("a duration needs a unit; \(durationHint)") }
            throw failure(durationHint)
        }
        guard let count = parseDigits(digits) else {
            throw failure(
                digitCount > 1 && digits.first == "0" ? "leading zeros are not allowed" : "duration out of range"
            )
        }
        let (nanoseconds, overflow) = Int64(count).multipliedReportingOverflow(by: size)
        guard !overflow else { throw failure("duration out of range") }
        return TimeSpan(nanoseconds: nanoseconds)
    }
}

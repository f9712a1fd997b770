/// The strict scalar grammar of DESIGN §1: every value is parsed from its text, never through `Double`.
///
/// `quoted` tells whether the YAML scalar was quoted: booleans and integers must be written plain.
public enum ScalarGrammar {
    /// What each kind accepts, as the tail of an error message.
    static let booleanHint = "write true or false"
    static let integerHint = "write a whole number like 25 or -3"
    static let decimalHint = "write a number like 1000 or 0.00012 (at most 8 decimals)"
    static let percentHint = "write a number followed by %, like 5% or 0.5%"
    static let durationHint = "write a whole number followed by ms, s, m, h or d, like 500ms or 2h"
    static let rateHint = "write COUNT/DURATION, like 30/1m or 500/1h"

    /// Parses `[0-9]+` with no leading zero into a non-negative `Int`; nil on anything else or on overflow.
    static func parseDigits(_ string: Substring) -> Int? {
        let text = string.utf8
        guard let first = text.first, first &- 48 < 10 else { return nil }
        if first == UInt8(ascii: "0") && text.count > 1 { return nil }
        var value = 0
        for byte in text {
            guard byte &- 48 < 10 else { return nil }
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = shifted.addingReportingOverflow(Int(byte &- 48))
            if overflow1 || overflow2 { return nil }
            value = next
        }
        return value
    }

    /// True when `text` is all ASCII digits (and not empty).
    static func isAllDigits(_ text: Substring) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { $0 &- 48 < 10 }
    }
}

import RampartRules

/// Text forms of report numbers shared by the table and the HTML page.
enum ReportFormat {
    /// A 0…1 ratio as a percentage with two decimals, rounded half away from zero: `0.5225` → `52.25%`.
    static func percent(_ ratio: FixedDecimal) -> String {
        let hundredths = rounded(ratio.units, by: 10_000)
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = hundredths.magnitude
        let fraction = String(magnitude % 100)
        return "\(sign)\(magnitude / 100).\(fraction.count < 2 ? "0" + fraction : fraction)%"
    }

    /// A decimal with a thousands separator in its whole part: `12345.5` → `12,345.5`.
    static func money(_ value: FixedDecimal) -> String {
        let text = value.description
        let negative = text.hasPrefix("-")
        let unsigned = negative ? String(text.dropFirst()) : text
        let parts = unsigned.split(separator: ".", maxSplits: 1)
        var whole = String(parts[0])
        var grouped = ""
        while whole.count > 3 {
            grouped = "," + whole.suffix(3) + grouped
            whole = String(whole.dropLast(3))
        }
        grouped = whole + grouped
        return (negative ? "-" : "") + grouped + (parts.count > 1 ? "." + parts[1] : "")
    }

    /// Days with two decimals: `20.51`.
    static func days(_ value: FixedDecimal) -> String {
        let hundredths = rounded(value.units, by: 1_000_000)
        return "\(hundredths / 100).\(String(format2: Int(hundredths.magnitude % 100)))"
    }

    /// Pads `text` on the right (or left) to `width` characters.
    static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return right ? fill + text : text + fill
    }

    private static func rounded(_ units: Int128, by divisor: Int128) -> Int128 {
        let (quotient, remainder) = units.quotientAndRemainder(dividingBy: divisor)
        guard remainder.magnitude * 2 >= divisor.magnitude else { return quotient }
        return units < 0 ? quotient - 1 : quotient + 1
    }
}

extension String {
    /// Two digits, zero-padded.
    fileprivate init(format2 value: Int) { self = value < 10 ? "0\(value)" : "\(value)" }
}

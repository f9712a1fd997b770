import RampartRules

/// The `Date` header's text (RFC 9110 IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`) of a Unix time in seconds,
/// in whole-number arithmetic (`CivilDate`).
enum HTTPDate {
    private static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]  // 1970-01-01 was a Thursday
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The header text for `seconds` since 1970-01-01T00:00:00Z (years 1 to 9999).
    static func text(_ seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let second = seconds - days * 86_400
        let (year, month, day) = CivilDate.from(daysSinceEpoch: days)
        let weekday = weekdays[Int(((days % 7) + 7) % 7)]
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let yearText = String(repeating: "0", count: max(0, 4 - "\(year)".count)) + "\(year)"
        return "\(weekday), \(two(day)) \(months[Int(month) - 1]) \(yearText) \(two(second / 3600)):"
            + "\(two(second % 3600 / 60)):\(two(second % 60)) GMT"
    }
}

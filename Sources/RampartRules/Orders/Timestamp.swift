/// A point in time: nanoseconds since 1970-01-01T00:00:00Z (UTC), good until the year 2262.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Nanoseconds since the Unix epoch.
    public var nanoseconds: Int64

    /// Creates a timestamp from nanoseconds since the epoch.
    @inlinable public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }
    /// Creates a timestamp from milliseconds since the epoch, or nil when out of range.
    @inlinable public init?(milliseconds: Int64) {
        let (value, overflow) = milliseconds.multipliedReportingOverflow(by: 1_000_000)
        if overflow { return nil }
        self.nanoseconds = value
    }

    /// Nanoseconds in one UTC day.
    public static let nanosecondsPerDay: Int64 = 86_400 * 1_000_000_000

    /// The UTC day number (days since the epoch) this timestamp falls in.
    @inlinable public var utcDay: Int64 {
        let (day, remainder) = nanoseconds.quotientAndRemainder(dividingBy: Self.nanosecondsPerDay)
        return remainder < 0 ? day - 1 : day
    }

    /// This time plus `duration` (whole nanoseconds), held at the largest timestamp instead of overflowing.
    public func saturatingAdding(_ duration: Duration) -> Timestamp {
        let (seconds, attoseconds) = duration.components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let (sum, overflow2) = nanoseconds.addingReportingOverflow(whole &+ attoseconds / 1_000_000_000)
        return overflow || overflow2 ? Timestamp(nanoseconds: .max) : Timestamp(nanoseconds: sum)
    }

    /// 00:00 UTC of the next day; the largest timestamp on the last day they reach (2262-04-11), which has none.
    @inlinable public var nextUTCMidnight: Timestamp {
        let (midnight, overflow) = (utcDay + 1).multipliedReportingOverflow(by: Self.nanosecondsPerDay)
        return Timestamp(nanoseconds: overflow ? .max : midnight)
    }

    @inlinable public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    /// ISO 8601 in UTC with millisecond precision when needed: `2026-01-05T09:30:00Z`.
    public var description: String {
        // The remainder, not `nanoseconds - day × nanosecondsPerDay`: that product is below `Int64.min` for the
        // earliest timestamps (it trapped for the first 0.78 s of 1677-09-21).
        let remainder = nanoseconds % Self.nanosecondsPerDay
        let nanosOfDay = remainder < 0 ? remainder + Self.nanosecondsPerDay : remainder
        let (year, month, dayOfMonth) = CivilDate.from(daysSinceEpoch: utcDay)
        let seconds = nanosOfDay / 1_000_000_000
        var fraction = nanosOfDay % 1_000_000_000
        var fractionDigits = fraction == 0 ? 0 : 9
        while fractionDigits > 0 && fraction % 10 == 0 {
            fraction /= 10
            fractionDigits -= 1
        }
        // Written digit by digit into the string's own storage: one allocation (answers carry one of these each).
        // Every Int64 timestamp falls in the years 1677-2262, four digits.
        return String(unsafeUninitializedCapacity: 30) { text in
            var end = 0
            func put(_ value: Int64, digits: Int) {
                var rest = value
                for offset in stride(from: digits - 1, through: 0, by: -1) {
                    text[end + offset] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
                end += digits
            }
            func put(_ byte: Unicode.Scalar) {
                text[end] = UInt8(ascii: byte)
                end += 1
            }
            put(year, digits: 4)
            put("-")
            put(month, digits: 2)
            put("-")
            put(dayOfMonth, digits: 2)
            put("T")
            put(seconds / 3600, digits: 2)
            put(":")
            put(seconds / 60 % 60, digits: 2)
            put(":")
            put(seconds % 60, digits: 2)
            if fractionDigits > 0 {
                put(".")
                put(fraction, digits: fractionDigits)
            }
            put("Z")
            return end
        }
    }
}

/// A span of time in nanoseconds.
public struct TimeSpan: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Length in nanoseconds.
    public var nanoseconds: Int64

    /// Creates a span.
    @inlinable public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    @inlinable public static func < (lhs: TimeSpan, rhs: TimeSpan) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    /// The shortest of `7d`, `2h`, `1m`, `2s`, `500ms` that states the span exactly; else whole milliseconds.
    public var description: String {
        let units: [(Int64, String)] = [
            (86_400_000_000_000, "d"), (3_600_000_000_000, "h"), (60_000_000_000, "m"), (1_000_000_000, "s"),
            (1_000_000, "ms"),
        ]
        for (size, suffix) in units where nanoseconds % size == 0 { return "\(nanoseconds / size)\(suffix)" }
        // A measured span (an order's age, say) rarely falls on a unit: whole milliseconds, as the YAML grammar
        // writes durations, rounded down; under one millisecond it says so.
        let milliseconds = nanoseconds / 1_000_000
        return milliseconds == 0 ? "<1ms" : "\(milliseconds)ms"
    }
}

/// Proleptic Gregorian calendar conversions (Howard Hinnant's days-from-civil algorithms).
public enum CivilDate {
    /// Days since 1970-01-01 for a calendar date.
    public static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthIndex = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The calendar date of a day number.
    public static func from(daysSinceEpoch days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

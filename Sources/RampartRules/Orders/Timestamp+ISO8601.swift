extension Timestamp {
    /// Parses ISO 8601 UTC: `2026-01-05T09:30:00Z`, fractional seconds up to nanoseconds, `Z` or `+00:00`.
    ///
    /// Returns nil for anything else; offsets other than UTC are rejected rather than converted, and so are times
    /// outside what 64-bit nanoseconds since 1970 hold (1677-09-21 to 2262-04-11).
    public init?(iso8601 text: String) {
        var text = text
        guard let value = text.withUTF8({ Timestamp.parseISO8601($0) }) else { return nil }
        self = value
    }

    /// Parses ISO 8601 UTC from UTF-8 bytes; see `init?(iso8601:)`.
    public static func parseISO8601(_ bytes: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        var index = 0
        func number(_ width: Int) -> Int64? {
            guard index + width <= bytes.count else { return nil }
            var value: Int64 = 0
            for offset in 0..<width {
                let digit = bytes[index + offset] &- 48
                guard digit < 10 else { return nil }
                value = value * 10 + Int64(digit)
            }
            index += width
            return value
        }
        func expect(_ character: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == character else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect(UInt8(ascii: "-")), let month = number(2), expect(UInt8(ascii: "-")),
            let day = number(2)
        else { return nil }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "T") || bytes[index] == UInt8(ascii: " ") else {
            return nil
        }
        index += 1
        guard let hour = number(2), expect(UInt8(ascii: ":")), let minute = number(2), expect(UInt8(ascii: ":")),
            let second = number(2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year), hour < 24, minute < 60,
            second < 60
        else { return nil }
        var nanos: Int64 = 0
        if expect(UInt8(ascii: ".")) {
            var digits = 0
            while index < bytes.count, bytes[index] &- 48 < 10 {
                guard digits < 9 else { return nil }
                nanos = nanos * 10 + Int64(bytes[index] &- 48)
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<9 { nanos *= 10 }
        }
        if expect(UInt8(ascii: "Z")) {
        } else if expect(UInt8(ascii: "+")) {
            guard number(2) == 0, expect(UInt8(ascii: ":")), number(2) == 0 else { return nil }
        } else {
            return nil
        }
        guard index == bytes.count else { return nil }
        let days = CivilDate.daysSinceEpoch(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second
        // Nanoseconds since 1970 in 64 bits reach 2262-04-11: a later (or much earlier) time is not a timestamp.
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let (total, overflow2) = whole.addingReportingOverflow(nanos)
        guard !overflow, !overflow2 else { return nil }
        return Timestamp(nanoseconds: total)
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

import RampartRules
import Testing

/// ISO 8601 times outside what 64-bit nanoseconds hold are not timestamps: refused, never an overflow trap.
@Suite struct TimestampISO8601Tests {
    @Test(arguments: ["9999-02-03T01:05:00Z", "2262-04-12T00:00:00Z", "1600-01-01T00:00:00Z", "0001-01-01T00:00:00Z"])
    func timesOutOfRangeAreRefused(text: String) {
        #expect(Timestamp(iso8601: text) == nil)
    }

    @Test func theEdgesOfTheRangeAreRead() {
        #expect(Timestamp(iso8601: "2262-04-11T23:47:16Z")?.nanoseconds == 9_223_372_036_000_000_000)
        #expect(Timestamp(iso8601: "1970-01-01T00:00:00Z")?.nanoseconds == 0)
        #expect(Timestamp(iso8601: "1677-09-21T00:12:44Z")?.nanoseconds == -9_223_372_036_000_000_000)
    }
}

/// `Timestamp.description` writes its digits into one buffer; it must write what the plain formatting wrote.
@Suite struct TimestampDescriptionTests {
    /// The formatting as it was written first (strings padded and joined), kept as the reference; its time of day
    /// is the remainder, as now (the first version's product overflowed for the earliest timestamps).
    static func reference(_ time: Timestamp) -> String {
        let day = time.utcDay
        let remainder = time.nanoseconds % Timestamp.nanosecondsPerDay
        let nanosOfDay = remainder < 0 ? remainder + Timestamp.nanosecondsPerDay : remainder
        let (year, month, dayOfMonth) = CivilDate.from(daysSinceEpoch: day)
        let seconds = nanosOfDay / 1_000_000_000
        let fraction = nanosOfDay % 1_000_000_000
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        var text = "\(pad(year, 4))-\(pad(month, 2))-\(pad(dayOfMonth, 2))T"
        text += "\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))"
        if fraction != 0 {
            var digits = pad(fraction, 9)
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text + "Z"
    }

    @Test func writesWhatThePlainFormattingWrote() {
        let edges: [Int64] = [
            0, 1, 10, 100_000_000, 999_999_999, 1_000_000_000, -1, -1_000_000_000, .max, .min,
            1_767_600_000_123_456_789, 1_767_600_000_120_000_000, 951_782_400_000_000_000,
        ]
        var generator = SystemRandomNumberGenerator()
        let random = (0..<20_000).map { _ in Int64.random(in: .min ... .max, using: &generator) }
        for nanoseconds in edges + random {
            let time = Timestamp(nanoseconds: nanoseconds)
            #expect(time.description == Self.reference(time), "\(nanoseconds)")
        }
        #expect(Timestamp(nanoseconds: 1_767_600_000_120_000_000).description == "2026-01-05T08:00:00.12Z")
        #expect(Timestamp(nanoseconds: .min).description == "1677-09-21T00:12:43.145224192Z")
    }

    @Test func parsesBackToTheSameTime() {
        for nanoseconds: Int64 in [0, 1_767_600_000_123_456_789, -1, .max, -9_223_372_036_000_000_000] {
            #expect(Timestamp(iso8601: Timestamp(nanoseconds: nanoseconds).description)?.nanoseconds == nanoseconds)
        }
    }
}

@Suite struct TimestampMidnightTests {
    @Test func theNextMidnightOfTheLastDayIsTheLargestTimestamp() {
        #expect(Timestamp(nanoseconds: 0).nextUTCMidnight.nanoseconds == Timestamp.nanosecondsPerDay)
        #expect(Timestamp(nanoseconds: -1).nextUTCMidnight.nanoseconds == 0)
        #expect(Timestamp(nanoseconds: .max).nextUTCMidnight == Timestamp(nanoseconds: .max))
        #expect(
            Timestamp(nanoseconds: .max - 86_400_000_000_000).nextUTCMidnight.nanoseconds == 9_223_286_400_000_000_000
        )
    }
}

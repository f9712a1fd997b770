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

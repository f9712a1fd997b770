import Foundation
import RampartReplay
import Testing

/// Prints how long reading a large CSV takes; runs only when `RAMPART_CSV_TIMING` names a file, e.g.
/// `Scripts/generate-trades --orders 1000000 --bots 20 --symbols 200 --seed 7 /tmp/1m.csv &&
/// RAMPART_CSV_TIMING=/tmp/1m.csv swift test -c release --filter csvReadTimingIsPrinted`.
struct CSVReadTimingTests {
    static let path = ProcessInfo.processInfo.environment["RAMPART_CSV_TIMING"]

    @Test(.enabled(if: path != nil)) func csvReadTimingIsPrinted() throws {
        let path = try #require(Self.path)
        for _ in 0..<3 {
            let clock = ContinuousClock()
            var rows = 0
            var rounded = 0
            let elapsed = try clock.measure {
                var (_, source) = try TradeReader.open(path: path, format: .csv)
                while try source.next() != nil { rows += 1 }
                rounded = source.roundedValues
            }
            print("read \(rows) CSV rows (\(rounded) rounded) in \(elapsed)")
        }
    }
}

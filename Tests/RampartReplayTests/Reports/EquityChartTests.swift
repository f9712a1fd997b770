import RampartRules
import Testing

@testable import RampartReplay

/// The equity chart computes every coordinate from 1e-8 units and nanoseconds in integers (hundredths of a pixel).
@Suite struct EquityChartTests {
    private func point(_ nanoseconds: Int64, _ equity: Int) -> EquityPoint {
        EquityPoint(time: Timestamp(nanoseconds: nanoseconds), equity: FixedDecimal(equity))
    }

    @Test func aStepCurveIsDrawnAtExactCoordinates() {
        let chart = EquityChart(
            series: [.init(name: "gated", color: "#123", dashed: false, points: [point(0, 1_100), point(100, 900)])],
            startingBalance: FixedDecimal(1_000),
            currency: "USDT"
        )
        let svg = chart.svg()
        // y axis 890…1,110 (the range 900…1,100 padded by 5 %); 300 px high from y 20, 890 px wide from x 90.
        #expect(svg.contains("points=\"90,170 90,170 90,33.64 980,33.64 980,306.36 980,306.36\""), "\(svg)")
        #expect(svg.contains(">890</text>") && svg.contains(">945</text>") && svg.contains(">1,055</text>"))
        #expect(svg.contains(">1,110</text>"))
    }

    @Test func pixelsRoundHalfUpToHundredths() {
        #expect(EquityChart.pixels(origin: 20, length: 300, share: 0, of: 7) == "20")
        #expect(EquityChart.pixels(origin: 20, length: 300, share: 7, of: 7) == "320")
        #expect(EquityChart.pixels(origin: 0, length: 1, share: 1, of: 200) == "0.01", "half a hundredth rounds up")
        #expect(EquityChart.pixels(origin: 0, length: 1, share: 1, of: 201) == "0")
        #expect(EquityChart.pixels(origin: 90, length: 890, share: 1, of: 2) == "535")
        #expect(EquityChart.pixels(origin: 0, length: 3, share: 1, of: 2) == "1.5")
        #expect(EquityChart.pixels(origin: 0, length: 1, share: 3, of: 100) == "0.03")
    }

    @Test func aFlatCurveGetsOnePercentEitherWay() {
        let start = FixedDecimal(10_000)
        let key = EquityChart.key(start.units)
        let (low, high) = EquityChart.range(of: [key, key], around: start)
        // 9,900…10,100, then padded by 5 % of 200 each side.
        #expect(EquityChart.units(low) == FixedDecimal(9_890).units)
        #expect(EquityChart.units(high) == FixedDecimal(10_110).units)
    }

    @Test func keysKeepOrderAndExtremesNeverOverflow() {
        let values: [Int128] = [.min, -1, 0, 1, .max]
        let keys = values.map(EquityChart.key)
        #expect(keys == keys.sorted())
        #expect(keys.map(EquityChart.units) == values)
        let (low, high) = EquityChart.range(of: [keys[0], keys[4]], around: .zero)
        #expect(low == 0 && high == .max)
        let chart = EquityChart(
            series: [.init(name: "wide", color: "#000", dashed: true, points: [point(1, 0)])],
            startingBalance: FixedDecimal.max,
            currency: "USD"
        )
        #expect(chart.svg().contains("<polyline"))
        #expect(EquityChart.label(.min).hasPrefix("-"))
    }

    @Test func labelsRoundToTheDecimalsTheirMagnitudeNeeds() {
        #expect(EquityChart.label(FixedDecimal(units: 123_456_789_012).units) == "1,235")
        #expect(EquityChart.label(FixedDecimal(units: -1_234_567_890).units) == "-12.35")
        #expect(EquityChart.label(FixedDecimal(units: 12_345_678).units) == "0.123457")
    }
}

import RampartRules

/// Equity curves as one inline SVG line chart: time on x, equity on y, one polyline per curve.
///
/// Integer arithmetic throughout: equity stays `FixedDecimal` (1e-8 units), and coordinates are computed in
/// hundredths of a pixel from the units and nanoseconds, so no money value passes through floating point, even to be
/// drawn.
struct EquityChart {
    /// A curve to draw.
    struct Series {
        var name: String
        var color: String
        var dashed: Bool
        var points: [EquityPoint]
    }

    var series: [Series]
    var startingBalance: FixedDecimal
    var currency: String
    var width = 1000
    var height = 380

    private let left = 90
    private let right = 20
    private let top = 20
    private let bottom = 60

    /// The `<svg>` element.
    func svg() -> String {
        let start = Self.key(startingBalance.units)
        let all = series.flatMap(\.points)
        guard let firstTime = all.map(\.time.nanoseconds).min(), let lastTime = all.map(\.time.nanoseconds).max() else {
            return "<p class=\"muted\">No round trip was closed, so there is no equity curve.</p>"
        }
        let (low, high) = Self.range(of: all.map { Self.key($0.equity.units) } + [start], around: startingBalance)
        let span = UInt128(max(Int128(lastTime) - Int128(firstTime), 1))
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        func x(_ time: Int64) -> String {
            Self.pixels(origin: left, length: plotWidth, share: UInt128(Int128(time) - Int128(firstTime)), of: span)
        }
        func y(_ key: UInt128) -> String {
            Self.pixels(origin: top, length: plotHeight, share: high - key, of: high - low)
        }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" "
        svg += "role=\"img\" aria-label=\"Equity curves\">\n"
        svg +=
            "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(plotWidth)\" height=\"\(plotHeight)\" fill=\"#fbfbfd\" stroke=\"#d0d4dc\"/>\n"
        for tick in 0...4 {
            let value = tick == 4 ? high : low + (high - low) / 4 * UInt128(tick)
            let ty = y(value)
            svg += "<line x1=\"\(left)\" x2=\"\(left + plotWidth)\" y1=\"\(ty)\" y2=\"\(ty)\" stroke=\"#e6e8ee\"/>"
            svg +=
                "<text x=\"\(left - 8)\" y=\"\(ty)\" text-anchor=\"end\" dominant-baseline=\"middle\" class=\"axis\">"
            svg += "\(Self.label(Self.units(value)))</text>\n"
        }
        for tick in 0...4 {
            let time = firstTime + Int64((Int128(lastTime) - Int128(firstTime)) * Int128(tick) / 4)
            let anchor = tick == 0 ? "start" : tick == 4 ? "end" : "middle"
            let date = String(Timestamp(nanoseconds: time).description.prefix(16)).replacing("T", with: " ")
            svg += "<text x=\"\(x(time))\" y=\"\(top + plotHeight + 20)\" text-anchor=\"\(anchor)\" "
            svg += "class=\"axis\">\(date)</text>\n"
        }
        let startY = y(start)
        svg += "<line x1=\"\(left)\" x2=\"\(left + plotWidth)\" y1=\"\(startY)\" y2=\"\(startY)\" stroke=\"#9aa1ad\" "
        svg += "stroke-dasharray=\"2 4\"/>\n"
        for item in series where !item.points.isEmpty {
            // Equity is a step function: it holds its value until the next realized P&L.
            var path = "\(x(firstTime)),\(startY)"
            var previous = startY
            for point in item.points {
                let px = x(point.time.nanoseconds)
                let py = y(Self.key(point.equity.units))
                path += " \(px),\(previous) \(px),\(py)"
                previous = py
            }
            path += " \(x(lastTime)),\(previous)"
            svg += "<polyline fill=\"none\" stroke=\"\(item.color)\" stroke-width=\"1.6\" stroke-linejoin=\"round\" "
            svg += (item.dashed ? "stroke-dasharray=\"6 3\" " : "") + "points=\"\(path)\"/>\n"
        }
        var legendX = left
        for item in series {
            svg += "<line x1=\"\(legendX)\" x2=\"\(legendX + 24)\" y1=\"\(height - 14)\" y2=\"\(height - 14)\" "
            svg +=
                "stroke=\"\(item.color)\" stroke-width=\"3\"" + (item.dashed ? " stroke-dasharray=\"6 3\"" : "") + "/>"
            svg += "<text x=\"\(legendX + 30)\" y=\"\(height - 14)\" dominant-baseline=\"middle\" class=\"legend\">"
            svg += "\(HTMLText.escape(item.name))</text>\n"
            legendX += 40 + item.name.count * 8
        }
        svg += "<text x=\"\(width - right)\" y=\"\(height - 14)\" text-anchor=\"end\" dominant-baseline=\"middle\" "
        svg += "class=\"axis\">equity, \(HTMLText.escape(currency)) (dotted: starting balance)</text>\n"
        return svg + "</svg>"
    }

    /// An amount in 1e-8 units mapped onto `UInt128` in the same order (`Int128.min` → 0), so that the chart's
    /// differences and paddings can never overflow.
    static func key(_ units: Int128) -> UInt128 { UInt128(bitPattern: units) &+ (1 << 127) }

    /// The amount a `key` stands for.
    static func units(_ key: UInt128) -> Int128 { Int128(bitPattern: key &- (1 << 127)) }

    /// The y axis (keys): the values' range, widened by 1 % of `start` either way when it is (nearly) flat, then
    /// padded by 5 % of itself on each side; `low < high` always.
    static func range(of values: [UInt128], around start: FixedDecimal) -> (low: UInt128, high: UInt128) {
        var low = values.min() ?? key(start.units)
        var high = values.max() ?? key(start.units)
        if high - low <= start.units.magnitude / 1_000_000_000 {
            let widen = max(start.units.magnitude / 100, 1)
            low = low > widen ? low - widen : 0
            high = high < .max - widen ? high + widen : .max
        }
        let pad = (high - low) / 20
        return (low > pad ? low - pad : 0, high < .max - pad ? high + pad : .max)
    }

    /// `origin + length × share / whole` pixels, rounded half up to hundredths: `123`, `123.5`, `123.45`.
    /// `share ≤ whole` and `whole > 0`, so the quotient is at most `length` and nothing overflows.
    static func pixels(origin: Int, length: Int, share: UInt128, of whole: UInt128) -> String {
        let (quotient, remainder) = whole.dividingFullWidth(share.multipliedFullWidth(by: UInt128(length) * 100))
        let centi = Int128(origin) * 100 + Int128(quotient) + (remainder >= whole - remainder ? 1 : 0)
        let fraction = Int(centi % 100)
        if fraction == 0 { return "\(centi / 100)" }
        if fraction % 10 == 0 { return "\(centi / 100).\(fraction / 10)" }
        return "\(centi / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// An axis label with as many decimals as the magnitude needs (none from 1,000 up, two from 1, six below),
    /// rounded half away from zero.
    static func label(_ units: Int128) -> String {
        let magnitude = units.magnitude
        let decimals = magnitude >= 1000 * 100_000_000 ? 0 : magnitude >= 100_000_000 ? 2 : 6
        var step: UInt128 = 1
        for _ in decimals..<8 { step *= 10 }
        let rounded = Int128(min((magnitude + step / 2) / step * step, UInt128(Int128.max)))
        return ReportFormat.money(FixedDecimal(units: units < 0 ? -rounded : rounded))
    }
}

/// Escapes text for HTML.
enum HTMLText {
    /// `&`, `<`, `>` and `"` as entities.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.append(character)
            }
        }
        return result
    }
}

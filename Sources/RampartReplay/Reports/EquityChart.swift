import RampartRules

/// Equity curves as one inline SVG line chart: time on x, equity on y, one polyline per curve.
///
/// `Double` appears here only as pixel geometry and approximate axis tick labels; every figure the report states
/// (P&L, drawdown, win rate) is computed and printed in `FixedDecimal` elsewhere.
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
    var width = 1000.0
    var height = 380.0

    private let left = 90.0
    private let right = 20.0
    private let top = 20.0
    private let bottom = 60.0

    /// The `<svg>` element.
    func svg() -> String {
        let start = Self.value(startingBalance)
        let all = series.flatMap(\.points)
        guard let firstTime = all.map(\.time.nanoseconds).min(), let lastTime = all.map(\.time.nanoseconds).max() else {
            return "<p class=\"muted\">No round trip was closed, so there is no equity curve.</p>"
        }
        let values = all.map { Self.value($0.equity) } + [start]
        var low = values.min() ?? start
        var high = values.max() ?? start
        if high - low < abs(start) * 1e-9 + 1e-12 {
            low -= max(abs(start) * 0.01, 1e-8)
            high += max(abs(start) * 0.01, 1e-8)
        }
        let pad = (high - low) * 0.05
        low -= pad
        high += pad
        let span = Double(max(lastTime - firstTime, 1))
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        func x(_ time: Int64) -> Double { left + Double(time - firstTime) / span * plotWidth }
        func y(_ value: Double) -> Double { top + (high - value) / (high - low) * plotHeight }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" "
        svg += "role=\"img\" aria-label=\"Equity curves\">\n"
        svg +=
            "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(plotWidth)\" height=\"\(plotHeight)\" fill=\"#fbfbfd\" stroke=\"#d0d4dc\"/>\n"
        for tick in 0...4 {
            let value = low + (high - low) * Double(tick) / 4
            let ty = Self.fixed(y(value))
            svg += "<line x1=\"\(left)\" x2=\"\(left + plotWidth)\" y1=\"\(ty)\" y2=\"\(ty)\" stroke=\"#e6e8ee\"/>"
            svg +=
                "<text x=\"\(left - 8)\" y=\"\(ty)\" text-anchor=\"end\" dominant-baseline=\"middle\" class=\"axis\">"
            svg += "\(Self.label(value))</text>\n"
        }
        for tick in 0...4 {
            let time = firstTime + Int64(Double(lastTime - firstTime) * Double(tick) / 4)
            let anchor = tick == 0 ? "start" : tick == 4 ? "end" : "middle"
            let date = String(Timestamp(nanoseconds: time).description.prefix(16)).replacing("T", with: " ")
            svg +=
                "<text x=\"\(Self.fixed(x(time)))\" y=\"\(Self.fixed(top + plotHeight + 20))\" text-anchor=\"\(anchor)\" "
            svg += "class=\"axis\">\(date)</text>\n"
        }
        let startY = Self.fixed(y(start))
        svg += "<line x1=\"\(left)\" x2=\"\(left + plotWidth)\" y1=\"\(startY)\" y2=\"\(startY)\" stroke=\"#9aa1ad\" "
        svg += "stroke-dasharray=\"2 4\"/>\n"
        for item in series where !item.points.isEmpty {
            // Equity is a step function: it holds its value until the next realized P&L.
            var path = "\(Self.fixed(x(firstTime))),\(startY)"
            var previous = startY
            for point in item.points {
                let px = Self.fixed(x(point.time.nanoseconds))
                let py = Self.fixed(y(Self.value(point.equity)))
                path += " \(px),\(previous) \(px),\(py)"
                previous = py
            }
            path += " \(Self.fixed(x(lastTime))),\(previous)"
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
            legendX += 40 + Double(item.name.count) * 8
        }
        svg += "<text x=\"\(width - right)\" y=\"\(height - 14)\" text-anchor=\"end\" dominant-baseline=\"middle\" "
        svg += "class=\"axis\">equity, \(HTMLText.escape(currency)) (dotted: starting balance)</text>\n"
        return svg + "</svg>"
    }

    /// A decimal as a `Double`, for drawing only.
    private static func value(_ decimal: FixedDecimal) -> Double { Double(decimal.units) / 100_000_000 }

    /// Two decimals for coordinates.
    private static func fixed(_ value: Double) -> String {
        let scaled = (value * 100).rounded() / 100
        return scaled == scaled.rounded() ? String(Int(scaled)) : String(scaled)
    }

    /// An axis label with as many decimals as the range needs.
    private static func label(_ value: Double) -> String {
        let magnitude = abs(value)
        let decimals = magnitude >= 1000 ? 0 : magnitude >= 1 ? 2 : 6
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        guard decimals > 0 else { return ReportFormat.money(FixedDecimal(Int(rounded))) }
        let units = Int128((rounded * 100_000_000).rounded())
        return ReportFormat.money(FixedDecimal(units: units))
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

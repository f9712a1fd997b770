import RampartJSON
import RampartRules

/// Streams one JSON line per order: `index, time, bot, symbol, side, allowed, rules` (+ `removed`).
struct DecisionLog {
    let file: StagedFile

    /// Writes the line for one order.
    func record(_ fill: TradeFill, index: Int, outcome: LaneOutcome) throws(DryRunError) {
        try file.write { output in
            output.append(contentsOf: #"{"index":"#.utf8)
            output.append(contentsOf: String(index).utf8)
            output.append(contentsOf: #","time":""#.utf8)
            output.append(contentsOf: fill.time.description.utf8)
            output.append(contentsOf: #"","bot":"#.utf8)
            JSONWriter.writeString(fill.bot, into: &output)
            output.append(contentsOf: #","symbol":"#.utf8)
            JSONWriter.writeString(fill.symbol, into: &output)
            output.append(contentsOf: (fill.side == .buy ? #","side":"buy""# : #","side":"sell""#).utf8)
            output.append(contentsOf: (outcome.allowed ? #","allowed":true"# : #","allowed":false"#).utf8)
            output.append(contentsOf: #","rules":["#.utf8)
            var first = true
            outcome.decision?.forEachFinding { rule, _ in
                if !first { output.append(UInt8(ascii: ",")) }
                first = false
                JSONWriter.writeString(rule.id, into: &output)
            }
            output.append(UInt8(ascii: "]"))
            if outcome.removed { output.append(contentsOf: #","removed":true"#.utf8) }
            output.append(contentsOf: "}\n".utf8)
        }
    }
}

import RampartJSON
import RampartRules

/// Streams one JSON line per order: `index, time, bot, symbol, side, allowed, rules` (+ `removed`).
struct DecisionLog {
    let file: StagedFile

    /// Writes the line for one order; `decision` is nil when the order was never sent.
    func record(
        _ step: ReplayStep,
        bot: String,
        symbol: String,
        allowed: Bool,
        removed: Bool,
        decision: Decision?
    ) throws(DryRunError) {
        try file.write { output in
            output.append(contentsOf: #"{"index":"#.utf8)
            output.append(contentsOf: String(step.index).utf8)
            output.append(contentsOf: #","time":""#.utf8)
            output.append(contentsOf: step.record.time.description.utf8)
            output.append(contentsOf: #"","bot":"#.utf8)
            JSONWriter.writeString(bot, into: &output)
            output.append(contentsOf: #","symbol":"#.utf8)
            JSONWriter.writeString(symbol, into: &output)
            output.append(contentsOf: (step.record.side == .buy ? #","side":"buy""# : #","side":"sell""#).utf8)
            output.append(contentsOf: (allowed ? #","allowed":true"# : #","allowed":false"#).utf8)
            output.append(contentsOf: #","rules":["#.utf8)
            var first = true
            if let decision, let profile = decision.profile {
                let rules = profile.rules
                decision.forEachFindingIndex { rule, _ in
                    if !first { output.append(UInt8(ascii: ",")) }
                    first = false
                    JSONWriter.writeString(rules[rule].id, into: &output)
                }
            }
            output.append(UInt8(ascii: "]"))
            if removed { output.append(contentsOf: #","removed":true"#.utf8) }
            output.append(contentsOf: "}\n".utf8)
        }
    }
}

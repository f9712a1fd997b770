import RampartRules

extension DryRunReport {
    /// A readable summary for standard output.
    public func table() -> String {
        let currency = input.currency.map { " " + $0 } ?? ""
        var lines: [String] = []
        lines.append(
            "Dry-run of \(input.path) (\(input.format.rawValue)) through profile \(profileName) (\(profileHash.prefix(12)))"
        )
        lines.append("Starting balance \(ReportFormat.money(input.startingBalance))\(currency) per bot account")
        lines.append("")
        lines.append(Self.summaryLine(summary))
        lines.append(contentsOf: Self.denialLines(denialsByRule))
        lines.append("")
        var columns = [("", [String]()), ("baseline", []), ("gated", [])]
        if compare != nil { columns.append(("compare", [])) }
        let results = [baseline, gated] + (compare.map { [$0.gated] } ?? [])
        let rows: [(String, (ReplayResult) -> String)] = [
            ("Closed trades", { String($0.trades) }),
            ("Wins", { String($0.wins) }),
            ("Win rate", { ReportFormat.percent($0.winRate) }),
            ("Net P&L", { ReportFormat.money($0.pnl) + currency }),
            ("Max drawdown", { ReportFormat.percent($0.maxDrawdown) }),
        ]
        for (label, value) in rows {
            columns[0].1.append(label)
            for (offset, result) in results.enumerated() { columns[offset + 1].1.append(value(result)) }
        }
        let widths = columns.map { column in max(column.0.count, column.1.map(\.count).max() ?? 0) }
        lines.append(
            columns.enumerated().map { ReportFormat.pad($1.0, widths[$0], right: $0 > 0) }.joined(separator: "   ")
        )
        for row in rows.indices {
            lines.append(
                columns.enumerated().map { ReportFormat.pad($1.1[row], widths[$0], right: $0 > 0) }
                    .joined(separator: "   ")
            )
        }
        lines.append("")
        if !openAtEnd.isEmpty {
            let count = openAtEnd.reduce(0) { $0 + $1.positions }
            let symbols = openAtEnd.map { "\($0.symbol) \($0.positions) at \(ReportFormat.money($0.entryValue))" }
            lines.append(
                "Left open at the end: \(count) gated positions (\(symbols.joined(separator: ", ")); entry value)"
            )
        }
        lines.append(Self.eligibilityLine(eligibility))
        if input.roundedValues > 0 {
            lines.append(
                "Rounded values: \(input.roundedValues) input values had more than 8 decimals (rounded half-even)"
            )
        } else {
            lines.append("Rounded values: 0")
        }
        if !bots.isEmpty {
            lines.append("")
            lines.append("Per bot:")
            for bot in bots {
                lines.append(
                    "  \(bot.bot): \(bot.summary.orders) orders, \(bot.summary.allowed) allowed, \(bot.summary.denied) denied; "
                        + "P&L \(ReportFormat.money(bot.baseline.pnl)) → \(ReportFormat.money(bot.gated.pnl))\(currency); "
                        + Self.eligibilityLine(bot.eligibility, short: true)
                )
            }
        }
        if let compare {
            lines.append("")
            lines.append("Compared with profile \(compare.profileName) (\(compare.profileHash.prefix(12))):")
            lines.append("  " + Self.summaryLine(compare.summary))
            lines.append(contentsOf: Self.denialLines(compare.denialsByRule).map { "  " + $0 })
            lines.append("  \(compare.changed.count) orders decided differently")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func summaryLine(_ summary: OrderSummary) -> String {
        var text = "Orders \(summary.orders): \(summary.allowed) allowed, \(summary.denied) denied"
        if summary.removed > 0 { text += " (\(summary.removed) of them removed with their denied entry)" }
        return text
    }

    private static func denialLines(_ counts: [RuleCount]) -> [String] {
        guard !counts.isEmpty else { return ["Denials by rule: none"] }
        let width = counts.map(\.rule.count).max() ?? 0
        return ["Denials by rule:"] + counts.map { "  \(ReportFormat.pad($0.rule, width))  \($0.count)" }
    }

    private static func eligibilityLine(_ verdict: EligibilityVerdict?, short: Bool = false) -> String {
        guard let verdict else {
            return short ? "no eligibility thresholds" : "Eligibility: the profile sets no thresholds"
        }
        let record = verdict.record
        let facts =
            "paper days \(ReportFormat.days(record.paperDays)), trades \(record.closedTrades), "
            + "win rate \(ReportFormat.percent(record.winRate)), profit \(ReportFormat.percent(record.profit))"
        let outcome = verdict.eligible ? "eligible" : "not eligible (failed \(verdict.failed.joined(separator: ", ")))"
        return short ? outcome : "Eligibility (gated record): \(outcome); \(facts)"
    }
}

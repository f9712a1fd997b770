import RampartRules

extension DryRunReport {
    /// One self-contained HTML page (no scripts, no external assets) with the summary and the equity curves as SVG.
    public func html() -> String {
        let currency = input.currency ?? ""
        var body = "<h1>Dry-run: <code>\(e(profileName))</code></h1>\n"
        body +=
            "<p class=\"muted\">\(e(input.path)) · \(input.format.rawValue) · profile hash <code>\(e(profileHash))</code>"
        body += " · starting balance \(ReportFormat.money(input.startingBalance)) \(e(currency)) per bot account</p>\n"
        body += "<div class=\"cards\">"
        body += card("Orders", String(summary.orders), "")
        body += card("Allowed", String(summary.allowed), "ok")
        body += card("Denied", String(summary.denied), summary.denied > 0 ? "bad" : "")
        body += card("Rounded values", String(input.roundedValues), "")
        body += "</div>\n"
        if summary.removed > 0 {
            body += "<p class=\"muted\">\(summary.removed) of the denied orders were removed with their denied entry "
            body += "(never sent to the gate).</p>\n"
        }
        if !openAtEnd.isEmpty {
            let symbols = openAtEnd.map { "\(e($0.symbol)) \($0.positions) at \(ReportFormat.money($0.entryValue))" }
            body += "<p class=\"muted\">Left open at the end (gated, at entry value): "
            body += symbols.joined(separator: ", ") + ".</p>\n"
        }
        body += "<h2>Baseline vs gated</h2>\n" + resultsTable(currency: currency)
        body += "<h2>Equity</h2>\n<figure>" + chart(currency: currency).svg() + "</figure>\n"
        body +=
            "<div class=\"columns\"><section><h2>Denials by rule</h2>\n" + denialsTable(denialsByRule) + "</section>"
        body += "<section><h2>Eligibility (gated record)</h2>\n" + eligibilityBlock(eligibility) + "</section></div>\n"
        if !bots.isEmpty { body += "<h2>Per bot</h2>\n" + botsTable(currency: currency) }
        if let compare { body += compareBlock(compare) }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <title>Dry-run: \(e(profileName))</title>
            <style>
            body{font:15px/1.45 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1d2330;margin:32px auto;max-width:1040px;padding:0 16px}
            h1{font-size:24px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 10px}
            code{font:13px ui-monospace,Menlo,Consolas,monospace;background:#f1f3f7;padding:1px 4px;border-radius:3px}
            .muted{color:#667085}.cards{display:flex;gap:14px;margin:18px 0}
            .card{flex:1;border:1px solid #e3e6ec;border-radius:8px;padding:12px 16px;background:#fff}
            .card .label{font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:#667085}
            .card .value{font-size:26px;font-weight:600}.ok .value{color:#1f7a3d}.bad .value{color:#b42318}
            table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
            th,td{padding:6px 10px;border-bottom:1px solid #eceef2;text-align:right}
            th:first-child,td:first-child{text-align:left}th{font-size:12px;text-transform:uppercase;color:#667085;font-weight:600}
            figure{margin:0;border:1px solid #e3e6ec;border-radius:8px;padding:8px;background:#fff}
            svg{width:100%;height:auto;display:block}.axis{font-size:11px;fill:#667085}.legend{font-size:12px;fill:#1d2330}
            .columns{display:flex;gap:32px}.columns section{flex:1}
            h3{font-size:15px;margin:20px 0 8px}.changed th,.changed td{text-align:left}
            .pass{color:#1f7a3d;font-weight:600}.fail{color:#b42318;font-weight:600}
            </style></head><body>
            \(body)
            </body></html>

            """
    }

    private func e(_ text: String) -> String { HTMLText.escape(text) }

    private func card(_ label: String, _ value: String, _ style: String) -> String {
        "<div class=\"card \(style)\"><div class=\"label\">\(label)</div><div class=\"value\">\(value)</div></div>"
    }

    private func chart(currency: String) -> EquityChart {
        var series = [
            EquityChart.Series(name: "baseline (all fills)", color: "#8a94a6", dashed: true, points: baselineCurve),
            EquityChart.Series(name: "gated: \(profileName)", color: "#2563eb", dashed: false, points: gatedCurve),
        ]
        if let compare {
            series.append(
                EquityChart.Series(
                    name: "gated: \(compare.profileName)",
                    color: "#d97706",
                    dashed: false,
                    points: compare.gatedCurve
                )
            )
        }
        let balance =
            (try? input.startingBalance.multiplied(by: FixedDecimal(max(1, bots.count)))) ?? input.startingBalance
        return EquityChart(series: series, startingBalance: balance, currency: currency)
    }

    private func resultsTable(currency: String) -> String {
        var results = [("Baseline", baseline), ("Gated: \(profileName)", gated)]
        if let compare { results.append(("Gated: \(compare.profileName)", compare.gated)) }
        var html = "<table><tr><th></th><th>Closed trades</th><th>Wins</th><th>Win rate</th>"
        html += "<th>Net P&amp;L (\(e(currency)))</th><th>Max drawdown</th></tr>\n"
        for (label, result) in results {
            html += "<tr><td>\(e(label))</td><td>\(result.trades)</td><td>\(result.wins)</td>"
            html += "<td>\(ReportFormat.percent(result.winRate))</td><td>\(ReportFormat.money(result.pnl))</td>"
            html += "<td>\(ReportFormat.percent(result.maxDrawdown))</td></tr>\n"
        }
        return html + "</table>\n"
    }

    private func denialsTable(_ counts: [RuleCount]) -> String {
        guard !counts.isEmpty else { return "<p class=\"muted\">No rule denied an order.</p>\n" }
        var html = "<table><tr><th>Rule</th><th>Denied orders</th></tr>\n"
        for count in counts { html += "<tr><td><code>\(e(count.rule))</code></td><td>\(count.count)</td></tr>\n" }
        return html + "</table>\n"
    }

    private func eligibilityBlock(_ verdict: EligibilityVerdict?) -> String {
        guard let verdict else { return "<p class=\"muted\">The profile sets no eligibility thresholds.</p>\n" }
        let record = verdict.record
        var html = verdict.eligible ? "<p class=\"pass\">Eligible</p>" : "<p class=\"fail\">Not eligible</p>"
        html += "<table><tr><th>Measure</th><th>Value</th><th></th></tr>\n"
        let rows: [(String, String, String)] = [
            ("Paper days", ReportFormat.days(record.paperDays), "min_paper_days"),
            ("Closed trades", String(record.closedTrades), "min_trades"),
            ("Win rate", ReportFormat.percent(record.winRate), "min_win_rate"),
            ("Profit", ReportFormat.percent(record.profit), "min_profit"),
        ]
        for (label, value, threshold) in rows {
            let failed = verdict.failed.contains(threshold)
            html += "<tr><td>\(label)</td><td>\(value)</td><td class=\"\(failed ? "fail" : "pass")\">"
            html += "\(failed ? "below \(threshold)" : "ok")</td></tr>\n"
        }
        return html + "</table>\n"
    }

    private func botsTable(currency: String) -> String {
        var html = "<table><tr><th>Bot</th><th>Orders</th><th>Allowed</th><th>Denied</th><th>Trades</th>"
        html += "<th>P&amp;L baseline</th><th>P&amp;L gated</th><th>Eligibility</th></tr>\n"
        for bot in bots {
            html += "<tr><td>\(e(bot.bot))</td><td>\(bot.summary.orders)</td><td>\(bot.summary.allowed)</td>"
            html += "<td>\(bot.summary.denied)</td><td>\(bot.baseline.trades) → \(bot.gated.trades)</td>"
            html += "<td>\(ReportFormat.money(bot.baseline.pnl))</td><td>\(ReportFormat.money(bot.gated.pnl))</td><td>"
            if let verdict = bot.eligibility {
                html +=
                    verdict.eligible
                    ? "<span class=\"pass\">eligible</span>" : "<span class=\"fail\">not eligible</span>"
            } else {
                html += "<span class=\"muted\">no thresholds</span>"
            }
            html += "</td></tr>\n"
        }
        return html + "</table>\n"
    }

    private func compareBlock(_ compare: CompareReport) -> String {
        var html = "<h2>Compared with <code>\(e(compare.profileName))</code></h2>\n"
        html +=
            "<p>\(compare.summary.orders) orders: \(compare.summary.allowed) allowed, \(compare.summary.denied) denied; "
        html += "<strong>\(compare.changed.count)</strong> decided differently.</p>\n"
        html += denialsTable(compare.denialsByRule)
        guard !compare.changed.isEmpty else { return html }
        let shown = compare.changed.prefix(200)
        html += "<h3>Orders decided differently</h3>\n"
        html += "<table class=\"changed\"><tr><th>#</th><th>Time</th><th>Bot</th><th>Symbol</th><th>Side</th>"
        html += "<th>\(e(profileName))</th><th>\(e(compare.profileName))</th></tr>\n"
        for order in shown {
            html +=
                "<tr><td>\(order.index)</td><td>\(order.time)</td><td>\(e(order.bot))</td><td>\(e(order.symbol))</td>"
            html += "<td>\(order.side)</td><td>\(order.allowed ? "allowed" : "denied")</td>"
            html += "<td>\(order.compareAllowed ? "allowed" : "denied")</td></tr>\n"
        }
        html += "</table>\n"
        if compare.changed.count > shown.count {
            html +=
                "<p class=\"muted\">First \(shown.count) of \(compare.changed.count); the JSON report lists all.</p>\n"
        }
        return html
    }
}

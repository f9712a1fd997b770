import RampartRules

/// The `FillLedger` lines of a snapshot payload: one per account (`A`), bot (`B`) and position (`P`).
extension StateSnapshots {
    static func ledgerLines(_ ledger: FillLedger) -> [String] {
        var lines: [String] = []
        func optional(_ value: Int64?) -> String { value.map(String.init) ?? "-" }
        for a in ledger.accounts {
            lines.append(
                [
                    "A", a.name, "\(a.startingBalance)", "\(a.realizedPnL)", "\(a.day)", "\(a.dayStartEquity)",
                    "\(a.dailyRealizedPnL)", "\(a.peakEquity)", "\(a.grossExposure)",
                ].joined(separator: "\t")
            )
        }
        for b in ledger.bots {
            lines.append(
                [
                    "B", b.name, b.account, "\(b.openPositions)", "\(b.consecutiveLosses)", "\(b.lastLossTime)",
                    "\(b.closedTrades)", "\(b.wins)", "\(b.realizedPnL)", optional(b.firstFillTime),
                    "\(b.paperClosedTrades)", "\(b.paperWins)", "\(b.paperRealizedPnL)",
                    optional(b.paperFirstFillTime), "\(b.callerPricedFills)",
                ].joined(separator: "\t")
            )
        }
        for p in ledger.positions {
            lines.append(
                [
                    "P", p.bot, p.symbol, "\(p.quantity)", "\(p.openCash)", "\(p.costNotional)", "\(p.roundTripPnL)",
                    optional(p.openedAt),
                ].joined(separator: "\t")
            )
        }
        return lines
    }

    static func decodeLedger(_ lines: [Substring]) -> FillLedger? {
        var ledger = FillLedger(accounts: [], bots: [], positions: [])
        func decimal(_ text: Substring) -> FixedDecimal? { try? FixedDecimal(exactly: String(text)) }
        func integer(_ text: Substring) -> Int64? { Int64(text) }
        func optional(_ text: Substring) -> Int64?? { text == "-" ? .some(nil) : integer(text).map { .some($0) } }
        for line in lines {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            switch f.first {
            case "A":
                guard f.count == 9, let balance = decimal(f[2]), let realized = decimal(f[3]), let day = integer(f[4]),
                    let start = decimal(f[5]), let daily = decimal(f[6]), let peak = decimal(f[7]),
                    let gross = decimal(f[8])
                else { return nil }
                ledger.accounts.append(
                    FillLedger.Account(
                        name: String(f[1]),
                        startingBalance: balance,
                        realizedPnL: realized,
                        day: day,
                        dayStartEquity: start,
                        dailyRealizedPnL: daily,
                        peakEquity: peak,
                        grossExposure: gross
                    )
                )
            case "B":
                guard f.count == 15, let open = integer(f[3]), let losses = integer(f[4]),
                    let lastLoss = integer(f[5]), let closed = integer(f[6]), let wins = integer(f[7]),
                    let realized = decimal(f[8]), let first = optional(f[9]), let paperClosed = integer(f[10]),
                    let paperWins = integer(f[11]), let paperRealized = decimal(f[12]),
                    let paperFirst = optional(f[13]), let caller = integer(f[14])
                else { return nil }
                ledger.bots.append(
                    FillLedger.Bot(
                        name: String(f[1]),
                        account: String(f[2]),
                        openPositions: Int(open),
                        consecutiveLosses: Int(losses),
                        lastLossTime: lastLoss,
                        closedTrades: Int(closed),
                        wins: Int(wins),
                        realizedPnL: realized,
                        firstFillTime: first,
                        paperClosedTrades: Int(paperClosed),
                        paperWins: Int(paperWins),
                        paperRealizedPnL: paperRealized,
                        paperFirstFillTime: paperFirst,
                        callerPricedFills: Int(caller)
                    )
                )
            case "P":
                guard f.count == 8, let quantity = decimal(f[3]), let cash = decimal(f[4]), let cost = decimal(f[5]),
                    let roundTrip = decimal(f[6]), let opened = optional(f[7])
                else { return nil }
                ledger.positions.append(
                    FillLedger.Position(
                        bot: String(f[1]),
                        symbol: String(f[2]),
                        quantity: quantity,
                        openCash: cash,
                        costNotional: cost,
                        roundTripPnL: roundTrip,
                        openedAt: opened
                    )
                )
            default: return nil
            }
        }
        return ledger
    }
}

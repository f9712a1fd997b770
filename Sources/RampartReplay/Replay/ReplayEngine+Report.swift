import RampartRules

extension ReplayEngine {
    /// Assembles the report once every fill has been replayed: `botNames` in first-seen order, `baseline` the
    /// joined baseline stage.
    func report(input: DryRunReport.Input, botNames: [String], baseline book: BaselineBook) -> DryRunReport {
        let baselineTallies = book.tallies
        let baselineCurve = book.curve
        let main = lanes[0]
        let botCount = max(1, botNames.count)
        let combinedBalance =
            (try? input.startingBalance.multiplied(by: FixedDecimal(botCount))) ?? input.startingBalance
        let bots: [BotReport] = botNames.indices.map { bot in
            let lane = main.bots[bot]
            return BotReport(
                bot: botNames[bot],
                summary: lane.summary,
                denialsByRule: Self.ruleCounts(lane.denials, profile: main.profile),
                baseline: baselineTallies[bot].result,
                gated: lane.gated.result,
                eligibility: Self.verdict(main.profile, lane, startingBalance: input.startingBalance)
            )
        }
        let baseline = Self.combined(baselineTallies, curve: baselineCurve, startingBalance: combinedBalance)
        let gated = Self.combined(main.bots.map(\.gated), curve: main.curve, startingBalance: combinedBalance)
        let summary = main.bots.reduce(OrderSummary()) { $0 + $1.summary }
        let combinedLane = LaneBotTally(
            summary: summary,
            denials: [],
            gated: main.bots.first?.gated ?? RecordTally(startingBalance: combinedBalance),
            firstFill: main.bots.compactMap(\.firstFill).min(),
            lastFill: main.bots.compactMap(\.lastFill).max()
        )
        var compare: CompareReport?
        if lanes.count > 1 {
            let other = lanes[1]
            compare = CompareReport(
                profileName: other.profile.name,
                profileHash: other.profile.hash,
                summary: other.bots.reduce(OrderSummary()) { $0 + $1.summary },
                denialsByRule: Self.ruleCounts(Self.sum(other.bots.map(\.denials)), profile: other.profile),
                gated: Self.combined(other.bots.map(\.gated), curve: other.curve, startingBalance: combinedBalance),
                changed: changed,
                gatedCurve: other.curve.downsampled(startingBalance: combinedBalance)
            )
        }
        return DryRunReport(
            profileName: main.profile.name,
            profileHash: main.profile.hash,
            input: input,
            summary: summary,
            denialsByRule: Self.ruleCounts(Self.sum(main.bots.map(\.denials)), profile: main.profile),
            baseline: baseline,
            gated: gated,
            eligibility: Self.verdict(
                main.profile,
                combinedLane,
                result: gated,
                startingBalance: combinedBalance
            ),
            openAtEnd: Self.openAtEnd(main.gate.snapshot()),
            bots: botNames.count > 1 ? bots : [],
            compare: compare,
            baselineCurve: baselineCurve.downsampled(startingBalance: combinedBalance),
            gatedCurve: main.curve.downsampled(startingBalance: combinedBalance)
        )
    }

    /// Trades, wins and P&L summed over bots; drawdown of the combined curve from the combined balance.
    private static func combined(
        _ tallies: [RecordTally],
        curve: EquityCurve,
        startingBalance: FixedDecimal
    )
        -> ReplayResult
    {
        var pnl = FixedDecimal.zero
        for tally in tallies { pnl = (try? pnl.adding(tally.pnl)) ?? pnl }
        return ReplayResult(
            trades: tallies.reduce(0) { $0 + $1.trades },
            wins: tallies.reduce(0) { $0 + $1.wins },
            pnl: pnl,
            maxDrawdown: curve.maxDrawdown(startingBalance: startingBalance)
        )
    }

    /// The eligibility verdict on a gated record, or nil when the profile sets no thresholds.
    private static func verdict(
        _ profile: CompiledProfile,
        _ lane: LaneBotTally,
        result: ReplayResult? = nil,
        startingBalance: FixedDecimal
    ) -> EligibilityVerdict? {
        guard let thresholds = profile.spec.eligibility else { return nil }
        let result = result ?? lane.gated.result
        return thresholds.verdict(
            for: PaperRecord(
                firstTrade: lane.firstFill,
                lastTrade: lane.lastFill,
                closedTrades: result.trades,
                wins: result.wins,
                netPnL: result.pnl,
                startingBalance: startingBalance
            )
        )
    }

    /// Open gated positions by symbol, at their entry value.
    private static func openAtEnd(_ state: RiskState) -> [OpenAtEnd] {
        var bySymbol: [String: OpenAtEnd] = [:]
        for key in state.positionKeys where !state.positionQuantity(bot: key.bot, symbol: key.symbol).isZero {
            var entry = bySymbol[key.symbol] ?? OpenAtEnd(symbol: key.symbol, positions: 0, entryValue: .zero)
            entry.positions += 1
            let value = state.entryValue(bot: key.bot, symbol: key.symbol)
            entry.entryValue = (try? entry.entryValue.adding(value)) ?? entry.entryValue
            bySymbol[key.symbol] = entry
        }
        return bySymbol.values.sorted { $0.symbol < $1.symbol }
    }

    /// Element-wise sum of per-rule counts.
    private static func sum(_ counts: [[Int]]) -> [Int] {
        guard var total = counts.first else { return [] }
        for other in counts.dropFirst() { for index in total.indices { total[index] += other[index] } }
        return total
    }

    /// Non-zero counts by rule id, sorted by id.
    private static func ruleCounts(_ counts: [Int], profile: CompiledProfile) -> [RuleCount] {
        var byID: [String: Int] = [:]
        for (index, count) in counts.enumerated() where count > 0 { byID[profile.rules[index].id, default: 0] += count }
        return byID.map { RuleCount(rule: $0.key, count: $0.value) }.sorted { $0.rule < $1.rule }
    }
}

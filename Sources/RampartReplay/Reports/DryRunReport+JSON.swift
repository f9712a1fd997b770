public import RampartJSON
import RampartRules

extension DryRunReport {
    /// The machine-readable report (`--json`): stable keys, money as decimal strings, ratios as exact numbers.
    public func json() -> JSONValue {
        var members: [JSONMember] = [
            JSONMember(
                "profile",
                .object([JSONMember("name", .string(profileName)), JSONMember("hash", .string(profileHash))])
            ),
            JSONMember(
                "input",
                .object([
                    JSONMember("path", .string(input.path)),
                    JSONMember("format", .string(input.format.rawValue)),
                    JSONMember("orders", Self.number(input.orders)),
                    JSONMember("rounded_values", Self.number(input.roundedValues)),
                ])
            ),
            JSONMember("summary", Self.json(summary)),
            JSONMember("denials_by_rule", Self.json(denialsByRule)),
            JSONMember("baseline", Self.json(baseline)),
            JSONMember("gated", Self.json(gated)),
            JSONMember("eligibility", Self.json(eligibility)),
            JSONMember(
                "open_at_end",
                .array(
                    openAtEnd.map { open in
                        .object([
                            JSONMember("symbol", .string(open.symbol)),
                            JSONMember("positions", Self.number(open.positions)),
                            JSONMember("entry_value", .string(open.entryValue.description)),
                        ])
                    }
                )
            ),
        ]
        if !bots.isEmpty {
            members.append(
                JSONMember(
                    "bots",
                    .array(
                        bots.map { bot in
                            .object([
                                JSONMember("bot", .string(bot.bot)),
                                JSONMember("summary", Self.json(bot.summary)),
                                JSONMember("denials_by_rule", Self.json(bot.denialsByRule)),
                                JSONMember("baseline", Self.json(bot.baseline)),
                                JSONMember("gated", Self.json(bot.gated)),
                                JSONMember("eligibility", Self.json(bot.eligibility)),
                            ])
                        }
                    )
                )
            )
        }
        if let compare {
            members.append(
                JSONMember(
                    "compare",
                    .object([
                        JSONMember(
                            "profile",
                            .object([
                                JSONMember("name", .string(compare.profileName)),
                                JSONMember("hash", .string(compare.profileHash)),
                            ])
                        ),
                        JSONMember("summary", Self.json(compare.summary)),
                        JSONMember("denials_by_rule", Self.json(compare.denialsByRule)),
                        JSONMember("gated", Self.json(compare.gated)),
                        JSONMember("changed", .array(compare.changed.map(Self.json))),
                    ])
                )
            )
        }
        return .object(members)
    }

    private static func number(_ value: Int) -> JSONValue { .number(String(value)) }

    private static func number(_ value: FixedDecimal) -> JSONValue { .number(value.description) }

    private static func json(_ summary: OrderSummary) -> JSONValue {
        .object([
            JSONMember("orders", number(summary.orders)),
            JSONMember("allowed", number(summary.allowed)),
            JSONMember("denied", number(summary.denied)),
        ])
    }

    private static func json(_ counts: [RuleCount]) -> JSONValue {
        .object(counts.map { JSONMember($0.rule, number($0.count)) })
    }

    private static func json(_ result: ReplayResult) -> JSONValue {
        .object([
            JSONMember("trades", number(result.trades)),
            JSONMember("wins", number(result.wins)),
            JSONMember("win_rate", number(result.winRate)),
            JSONMember("pnl", .string(result.pnl.description)),
            JSONMember("max_drawdown", number(result.maxDrawdown)),
        ])
    }

    private static func json(_ verdict: EligibilityVerdict?) -> JSONValue {
        guard let verdict else { return .null }
        return .object([
            JSONMember("eligible", .bool(verdict.eligible)),
            JSONMember("paper_days", number(verdict.record.paperDays)),
            JSONMember("trades", number(verdict.record.closedTrades)),
            JSONMember("win_rate", number(verdict.record.winRate)),
            JSONMember("profit", number(verdict.record.profit)),
            JSONMember("failed", .array(verdict.failed.map { .string($0) })),
        ])
    }

    private static func json(_ order: ChangedOrder) -> JSONValue {
        .object([
            JSONMember("index", number(order.index)),
            JSONMember("time", .string(order.time.description)),
            JSONMember("bot", .string(order.bot)),
            JSONMember("symbol", .string(order.symbol)),
            JSONMember("side", .string(order.side.description)),
            JSONMember("allowed", .bool(order.allowed)),
            JSONMember("compare_allowed", .bool(order.compareAllowed)),
        ])
    }
}

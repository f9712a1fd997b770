import RampartJSON
import RampartRules

/// Reads a freqtrade backtest result: every trade of `strategy.<name>.trades[]` gives an entry and an exit fill.
enum FreqtradeTradeReader {
    /// A fill with the keys that order it: time, then strategy, trade and entry-before-exit.
    private struct Keyed {
        var fill: TradeFill
        var order: (strategy: Int, trade: Int, leg: Int)
    }

    /// Reads the strategies of `bytes` (only `bot` when given) and returns their fills in time order.
    static func read(
        _ bytes: [UInt8],
        file: String,
        bot: String?
    ) throws(TradeReadError) -> (
        info: TradeFileInfo, source: BufferedTradeSource
    ) {
        var fields = JSONFieldReader(file: file)
        let document = try JSONFieldReader.parse(bytes, file: file)
        _ = try fields.object(document, at: "$")
        let strategies = try fields.object(try fields.value(document, "strategy", at: "$"), at: "$.strategy")
        let names = strategies.map(\.key)
        if let bot, !names.contains(bot) {
            throw TradeReadError(
                file: file,
                field: "bot",
                message: "no strategy '\(bot)' in the file; it has \(names.map { "'\($0)'" }.joined(separator: ", "))"
            )
        }
        var keyed: [Keyed] = []
        var balances: [FixedDecimal?] = []
        var currencies: [String?] = []
        for (strategyIndex, strategy) in strategies.enumerated() where bot == nil || strategy.key == bot {
            let path = "$.strategy.\(strategy.key)"
            _ = try fields.object(strategy.value, at: path)
            balances.append(
                strategy.value["starting_balance"] == nil
                    ? nil : try fields.nonNegative(strategy.value, "starting_balance", at: path)
            )
            currencies.append(
                strategy.value["stake_currency"] == nil
                    ? nil : try fields.string(strategy.value, "stake_currency", at: path)
            )
            let trades = try fields.array(try fields.value(strategy.value, "trades", at: path), at: "\(path).trades")
            for (tradeIndex, trade) in trades.enumerated() {
                let legs = try fills(trade, bot: strategy.key, fields: &fields, at: "\(path).trades[\(tradeIndex)]")
                for (leg, fill) in legs.enumerated() {
                    keyed.append(Keyed(fill: fill, order: (strategyIndex, tradeIndex, leg)))
                }
            }
        }
        keyed.sort { left, right in
            if left.fill.time != right.fill.time { return left.fill.time < right.fill.time }
            return left.order < right.order
        }
        let selected = bot.map { [$0] } ?? names
        let info = TradeFileInfo(
            format: .freqtrade,
            bots: selected,
            startingBalance: common(balances) ?? nil,
            quoteCurrency: common(currencies) ?? nil
        )
        let source = BufferedTradeSource(
            fills: keyed.map(\.fill),
            roundedValues: fields.roundedValues,
            botsSeen: names
        )
        return (info, source)
    }

    /// The one value all elements share, or nil when they differ or there are none.
    private static func common<Value: Equatable>(_ values: [Value]) -> Value? {
        guard let first = values.first, values.allSatisfy({ $0 == first }) else { return nil }
        return first
    }

    /// The entry fill and, for a closed trade, the exit fill of one trade.
    private static func fills(
        _ trade: JSONValue,
        bot: String,
        fields: inout JSONFieldReader,
        at path: String
    )
        throws(TradeReadError) -> [TradeFill]
    {
        _ = try fields.object(trade, at: path)
        let symbol = try fields.symbol(trade, "pair", at: path)
        let quantity = try fields.positive(trade, "amount", at: path)
        let isShort = try fields.bool(trade, "is_short", at: path, default: false)
        let isOpen = try fields.bool(trade, "is_open", at: path, default: false)
        let openTime = try fields.milliseconds(trade, "open_timestamp", at: path)
        let openRate = try fields.positive(trade, "open_rate", at: path)
        let feeOpen = try fields.nonNegative(trade, "fee_open", at: path)
        let entrySide: Side = isShort ? .sell : .buy
        let entry = TradeFill(
            time: openTime,
            bot: bot,
            symbol: symbol,
            side: entrySide,
            quantity: quantity,
            price: openRate,
            fee: try fee(quantity, openRate, feeOpen, fields: fields, at: path, "fee_open"),
            location: .jsonPath(path)
        )
        let closed = !isOpen && !(trade["close_timestamp"]?.isNull ?? true) && !(trade["close_rate"]?.isNull ?? true)
        guard closed else { return [entry] }
        let closeTime = try fields.milliseconds(trade, "close_timestamp", at: path)
        guard closeTime >= openTime else {
            throw fields.error(
                path,
                "close_timestamp",
                "the trade closes at \(closeTime), before it opens at \(openTime)"
            )
        }
        let closeRate = try fields.positive(trade, "close_rate", at: path)
        let feeClose = try fields.nonNegative(trade, "fee_close", at: path)
        let exit = TradeFill(
            time: closeTime,
            bot: bot,
            symbol: symbol,
            side: entrySide.opposite,
            quantity: quantity,
            price: closeRate,
            fee: try fee(quantity, closeRate, feeClose, fields: fields, at: path, "fee_close"),
            location: .jsonPath(path)
        )
        return [entry, exit]
    }

    /// `quantity × rate × feeRatio` with a single half-even rounding to eight decimals.
    private static func fee(
        _ quantity: FixedDecimal,
        _ rate: FixedDecimal,
        _ ratio: FixedDecimal,
        fields: JSONFieldReader,
        at path: String,
        _ key: String
    ) throws(TradeReadError) -> FixedDecimal {
        do {
            let (notionalUnits, overflow) = quantity.units.multipliedReportingOverflow(by: rate.units)
            if !overflow {
                // notionalUnits has 16 decimals; × ratio (8 decimals) ÷ 10^16 leaves 8, rounded once.
                let unitsScale = FixedDecimal(units: FixedDecimal.scale * FixedDecimal.scale)
                if let exact = try? FixedDecimal(units: notionalUnits).multiplied(by: ratio, dividedBy: unitsScale) {
                    return exact
                }
            }
            return try quantity.multiplied(by: rate).multiplied(by: ratio)
        } catch {
            throw fields.error(path, key, "fee amount × rate × \(key): \(error)")
        }
    }
}

import RampartJSON
import RampartRules

/// Reads CCXT unified trades (`fetch_my_trades` output): a JSON array of fills in time order.
enum CCXTTradeReader {
    /// The bot name used when `--bot` is not given.
    static let defaultBot = "ccxt"

    /// Reads every fill of `bytes`; `bot` names the bot the fills belong to.
    static func read(
        _ bytes: [UInt8],
        file: String,
        bot: String?
    ) throws(TradeReadError) -> (
        info: TradeFileInfo, source: BufferedTradeSource
    ) {
        let bot = bot ?? defaultBot
        var fields = JSONFieldReader(file: file)
        let document = try JSONFieldReader.parse(bytes, file: file)
        let trades = try fields.array(document, at: "$")
        var fills: [TradeFill] = []
        fills.reserveCapacity(trades.count)
        var previous: Timestamp?
        for (index, trade) in trades.enumerated() {
            let path = "$[\(index)]"
            _ = try fields.object(trade, at: path)
            let time = try fields.milliseconds(trade, "timestamp", at: path)
            if let previous, time < previous {
                throw fields.error(
                    path,
                    "timestamp",
                    "time goes backwards: \(time) is before \(previous) of $[\(index - 1)]"
                )
            }
            previous = time
            let symbol = try fields.symbol(trade, "symbol", at: path)
            let side = try fields.side(trade, "side", at: path)
            let price = try fields.positive(trade, "price", at: path)
            let quantity = try fields.positive(trade, "amount", at: path)
            let fee = try quoteFee(trade, symbol: symbol, price: price, fields: &fields, at: path)
            fills.append(
                TradeFill(
                    time: time,
                    bot: bot,
                    symbol: symbol,
                    side: side,
                    quantity: quantity,
                    price: price,
                    fee: fee,
                    clientOrderID: nil,
                    location: .jsonPath(path)
                )
            )
        }
        let info = TradeFileInfo(format: .ccxt, bots: [bot])
        return (info, BufferedTradeSource(fills: fills, roundedValues: fields.roundedValues, botsSeen: [bot]))
    }

    /// The fee in the quote currency: quote-currency fees as is, base-currency fees times the price.
    private static func quoteFee(
        _ trade: JSONValue,
        symbol: String,
        price: FixedDecimal,
        fields: inout JSONFieldReader,
        at path: String
    ) throws(TradeReadError) -> FixedDecimal {
        guard let fee = trade["fee"], !fee.isNull else { return .zero }
        let feePath = "\(path).fee"
        _ = try fields.object(fee, at: feePath)
        guard let costValue = fee["cost"], !costValue.isNull else { return .zero }
        let cost = try fields.decimal(costValue, named: "cost", at: feePath)
        guard !cost.isNegative else { throw fields.error(feePath, "cost", "must not be negative, found \(cost)") }
        if cost.isZero { return .zero }
        let currency = try fields.string(fee, "currency", at: feePath)
        let (base, quote) = FieldRules.parts(of: symbol)
        if currency == quote { return cost }
        if currency == base {
            do {
                return try cost.multiplied(by: price)
            } catch {
                throw fields.error(feePath, "cost", "fee in \(base) times the price: \(error)")
            }
        }
        throw fields.error(
            feePath,
            "currency",
            "fee in \(currency) for \(symbol); only \(quote) or \(base) can be converted to \(quote)"
        )
    }
}

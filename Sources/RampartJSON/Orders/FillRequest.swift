public import RampartRules

/// A fill a bot reports for its bot-executed order (`POST /v1/orders/{client_order_id}/fills`).
public struct FillRequest: Sendable, Hashable {
    /// The bot's id for the fill (a trade id): the same id again is the same fill.
    public var fillID: String
    /// Quantity, price and fee (quote currency); the price source is set by the gate's price check.
    public var fill: Fill
    /// The `time` key, if given (backtest sessions need one; the service's own orders refuse it).
    public var time: Timestamp?

    /// Keys a fill object may have.
    public static let keys: [String] = ["fill_id", "quantity", "price", "fee", "time"]

    /// Reads a fill object: `fill_id`, `quantity`, `price` and `fee` are required; decimals as in orders.
    public init(json: JSONValue) throws(OrderDecodingError) {
        guard let members = json.objectValue else {
            throw OrderDecodingError(key: nil, message: "expected a JSON object, found \(json.kind)", subject: "fill")
        }
        for member in members where !Self.keys.contains(where: { JSONMember.sameKey($0, member.key) }) {
            throw OrderDecodingError(key: member.key, message: "unknown key", subject: "fill")
        }
        func decimal(_ key: String) throws(OrderDecodingError) -> FixedDecimal {
            guard let value = json[key], !value.isNull else {
                throw OrderDecodingError(key: key, message: "missing", subject: "fill")
            }
            let parsed: (value: FixedDecimal, rounded: Bool)
            do {
                parsed = try value.decimal()
            } catch {
                throw OrderDecodingError(key: key, message: error.description, subject: "fill")
            }
            if parsed.rounded {
                throw OrderDecodingError(key: key, message: "more than 8 decimal places", subject: "fill")
            }
            return parsed.value
        }
        guard let idValue = json["fill_id"], !idValue.isNull else {
            throw OrderDecodingError(key: "fill_id", message: "missing", subject: "fill")
        }
        guard let id = idValue.stringValue else {
            throw OrderDecodingError(
                key: "fill_id",
                message: "expected a string, found \(idValue.kind)",
                subject: "fill"
            )
        }
        guard NameGrammar.admits(id) else {
            throw OrderDecodingError(key: "fill_id", message: "expected \(NameGrammar.description)", subject: "fill")
        }
        let quantity = try decimal("quantity")
        guard quantity.isPositive else {
            throw OrderDecodingError(key: "quantity", message: "must be greater than zero", subject: "fill")
        }
        let price = try decimal("price")
        guard price.isPositive else {
            throw OrderDecodingError(key: "price", message: "must be greater than zero", subject: "fill")
        }
        let fee = try decimal("fee")
        guard !fee.isNegative else {
            throw OrderDecodingError(key: "fee", message: "must not be negative", subject: "fill")
        }
        self.fillID = id
        self.fill = Fill(quantity: quantity, price: price, fee: fee)
        self.time = try OrderRequest.time(in: json, subject: "fill")
    }
}

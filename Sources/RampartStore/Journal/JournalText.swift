import GRDB
import RampartRules

/// Text forms of the journal's enums and scopes, and their parsers.
enum JournalText {
    static func decimal(
        _ text: String?,
        table: String,
        sequence: Int64,
        column: String
    ) throws(JournalError) -> FixedDecimal? {
        guard let text else { return nil }
        do {
            return try FixedDecimal(exactly: text)
        } catch {
            throw .corruptRow(table: table, sequence: sequence, reason: "\(column) \(text.debugDescription): \(error)")
        }
    }

    /// `market` or `caller`; nil for NULL, `corruptRow` for anything else.
    static func priceSource(
        _ text: String?,
        table: String,
        sequence: Int64,
        column: String
    ) throws(JournalError) -> PriceSource? {
        guard let text else { return nil }
        guard let source = PriceSource(text) else {
            throw .corruptRow(table: table, sequence: sequence, reason: "\(column) \(text.debugDescription)")
        }
        return source
    }

    /// The fill in `row`'s `quantity`, `price`, `fee` and `price_source` columns (each name after `prefix`), read as
    /// `journal_fills` row `sequence`; `corruptRow` when one is missing or malformed.
    static func fill(from row: Row, prefix: String = "", sequence: Int64) throws(JournalError) -> Fill {
        try fill(
            quantity: row[prefix + "quantity"],
            price: row[prefix + "price"],
            fee: row[prefix + "fee"],
            priceSource: row[prefix + "price_source"],
            sequence: sequence
        )
    }

    /// The fill of `journal_fills` row `sequence` from its columns' text; `corruptRow` when one is missing or
    /// malformed.
    static func fill(
        quantity: String?,
        price: String?,
        fee: String?,
        priceSource source: String?,
        sequence: Int64
    ) throws(JournalError) -> Fill {
        let table = "journal_fills"
        func required(_ text: String?, _ column: String) throws(JournalError) -> FixedDecimal {
            guard let value = try decimal(text, table: table, sequence: sequence, column: column) else {
                throw .corruptRow(table: table, sequence: sequence, reason: "\(column) missing")
            }
            return value
        }
        let quantity = try required(quantity, "quantity")
        let price = try required(price, "price")
        let fee = try required(fee, "fee")
        guard let source = try priceSource(source, table: table, sequence: sequence, column: "price_source") else {
            throw .corruptRow(table: table, sequence: sequence, reason: "price_source missing")
        }
        return Fill(quantity: quantity, price: price, fee: fee, priceSource: source)
    }

    static func side(_ text: String) -> Side? { Side.allCases.first { $0.description == text } }
    static func type(_ text: String) -> OrderType? { OrderType.allCases.first { $0.description == text } }
    static func mode(_ text: String) -> TradingMode? { TradingMode.allCases.first { $0.description == text } }
    static func state(_ text: String) -> TradingState? { TradingState.allCases.first { $0.description == text } }
    static func effect(_ text: String?) -> OrderEffect? {
        guard let text else { return nil }
        return [OrderEffect.opening, .increasing, .reducing, .crossing].first { $0.description == text }
    }

    /// `global`, `account:NAME`, `bot:NAME`.
    static func scope(_ text: String) -> TradingScope? {
        if text == "global" { return .global }
        if text.hasPrefix("account:") { return .account(String(text.dropFirst("account:".count))) }
        if text.hasPrefix("bot:") { return .bot(String(text.dropFirst("bot:".count))) }
        return nil
    }
}

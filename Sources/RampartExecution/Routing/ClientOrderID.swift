import RampartCrypto
public import RampartRules

/// The client order id a live order is placed and reconciled under.
public enum ClientOrderID {
    /// The order's own client order id, or a deterministic one derived from the permit.
    ///
    /// The derived id is `rp-` and the first 32 hex digits of SHA-256 over the bot, account, symbol, side, type,
    /// quantity, price and the permit's time in nanoseconds: the same permit always gets the same id, so a
    /// reconciliation can ask for it, and it fits Binance's `^[.A-Z:/a-z0-9_-]{1,36}$`.
    public static func of(_ permit: Permit) -> String {
        let order = permit.order
        if let id = order.clientOrderID, !id.isEmpty { return id }
        let fields = [
            order.bot, order.account, order.symbol, order.side.description, order.type.description,
            order.quantity.description, order.price?.description ?? "-", String(permit.time.nanoseconds),
        ]
        let digest = SHA256Digest.hash(Array(fields.joined(separator: "\u{1F}").utf8))
        return "rp-" + String(Hex.encode(digest).prefix(32))
    }
}

public import RampartRules

/// Why an order's JSON could not be read; names the key.
public struct OrderDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The key at fault, if one is.
    public var key: String?
    /// What is wrong.
    public var message: String
    /// What was being read: `order`, `fill`, `session`.
    public var subject: String

    /// Creates an error.
    public init(key: String?, message: String, subject: String = "order") {
        self.key = key
        self.message = message
        self.subject = subject
    }

    /// `order key 'quantity': expected a number, found boolean`.
    public var description: String { key.map { "\(subject) key '\($0)': \(message)" } ?? "\(subject): \(message)" }
}

/// An order read from JSON, with the time it names, if any.
public struct OrderRequest: Sendable, Hashable {
    /// The order.
    public var order: Order
    /// The `time` key, if given.
    public var time: Timestamp?
    /// The `execution` key, if given (`rampart` or `external`).
    public var requestedExecution: OrderExecution?
    /// Who executes it if allowed: `requestedExecution`, else `rampart`.
    public var execution: OrderExecution { requestedExecution ?? .rampart }
}

extension OrderRequest {
    /// Keys an order object may have.
    public static let keys: [String] = [
        "bot", "account", "symbol", "side", "type", "quantity", "price", "reference_price", "mode", "client_order_id",
        "stop_loss", "take_profit", "time", "reduce_only", "execution",
    ]

    /// Reads an order object: `bot`, `symbol`, `side`, `type`, `quantity` are required; `account` defaults to
    /// `default` and `mode` to `paper`; decimals may be JSON numbers or strings, with at most eight decimals.
    public init(json: JSONValue) throws(OrderDecodingError) {
        guard let members = json.objectValue else {
            throw OrderDecodingError(key: nil, message: "expected a JSON object, found \(json.kind)")
        }
        for member in members where !Self.keys.contains(where: { JSONMember.sameKey($0, member.key) }) {
            throw OrderDecodingError(key: member.key, message: "unknown key\(Self.suggestion(for: member.key))")
        }
        func string(_ key: String, required: Bool) throws(OrderDecodingError) -> String? {
            guard let value = json[key], !value.isNull else {
                if required { throw OrderDecodingError(key: key, message: "missing") }
                return nil
            }
            guard let text = value.stringValue else {
                throw OrderDecodingError(key: key, message: "expected a string, found \(value.kind)")
            }
            guard !text.isEmpty else { throw OrderDecodingError(key: key, message: "must not be empty") }
            return text
        }
        func decimal(_ key: String, required: Bool) throws(OrderDecodingError) -> FixedDecimal? {
            guard let value = json[key], !value.isNull else {
                if required { throw OrderDecodingError(key: key, message: "missing") }
                return nil
            }
            let parsed: (value: FixedDecimal, rounded: Bool)
            do {
                parsed = try value.decimal()
            } catch {
                throw OrderDecodingError(key: key, message: error.description)
            }
            if parsed.rounded { throw OrderDecodingError(key: key, message: "more than 8 decimal places") }
            return parsed.value
        }
        func choice<T>(_ key: String, _ options: [(String, T)], default fallback: T?) throws(OrderDecodingError) -> T {
            guard let text = try string(key, required: fallback == nil) else {
                if let fallback { return fallback }
                throw OrderDecodingError(key: key, message: "missing")
            }
            for (name, value) in options where name == text { return value }
            let names = options.map(\.0).joined(separator: " or ")
            throw OrderDecodingError(key: key, message: "expected \(names), found '\(text)'")
        }
        let side = try choice("side", [("buy", Side.buy), ("sell", Side.sell)], default: nil)
        let type = try choice("type", [("market", OrderType.market), ("limit", OrderType.limit)], default: nil)
        let mode = try choice("mode", [("paper", TradingMode.paper), ("live", TradingMode.live)], default: .paper)
        if json["execution"].map({ !$0.isNull }) == true {
            self.requestedExecution = try choice(
                "execution",
                [("rampart", OrderExecution.rampart), ("external", OrderExecution.external)],
                default: nil
            )
        }
        self.time = try Self.time(in: json, subject: "order")
        var reduceOnly = false
        if let value = json["reduce_only"], !value.isNull {
            guard let flag = value.boolValue else {
                throw OrderDecodingError(key: "reduce_only", message: "expected true or false, found \(value.kind)")
            }
            reduceOnly = flag
        }
        func name(_ key: String, required: Bool) throws(OrderDecodingError) -> String? {
            guard let text = try string(key, required: required) else { return nil }
            guard NameGrammar.admits(text) else {
                let shown = text.count > 80 ? "a \(text.utf8.count)-byte name" : "'\(text)'"
                throw OrderDecodingError(key: key, message: "expected \(NameGrammar.description), found \(shown)")
            }
            return text
        }
        self.order = Order(
            bot: try name("bot", required: true) ?? "",
            account: try name("account", required: false) ?? "default",
            symbol: try string("symbol", required: true) ?? "",
            side: side,
            type: type,
            quantity: try decimal("quantity", required: true) ?? .zero,
            price: try decimal("price", required: false),
            referencePrice: try decimal("reference_price", required: false),
            mode: mode,
            clientOrderID: try name("client_order_id", required: false),
            stopLoss: try decimal("stop_loss", required: false),
            takeProfit: try decimal("take_profit", required: false),
            reduceOnly: reduceOnly
        )
        if execution == .external && order.clientOrderID == nil {
            throw OrderDecodingError(
                key: "client_order_id",
                message: "required with execution 'external': fills are reported against it"
            )
        }
    }

    /// The object's `time` key: ISO 8601 UTC, or nil when absent.
    static func time(in json: JSONValue, subject: String) throws(OrderDecodingError) -> Timestamp? {
        guard let value = json["time"], !value.isNull else { return nil }
        guard let text = value.stringValue else {
            throw OrderDecodingError(key: "time", message: "expected a string, found \(value.kind)", subject: subject)
        }
        guard let parsed = Timestamp(iso8601: text) else {
            throw OrderDecodingError(
                key: "time",
                message: "expected ISO 8601 UTC such as 2026-01-05T09:30:00Z, found '\(text)'",
                subject: subject
            )
        }
        return parsed
    }

    private static func suggestion(for key: String) -> String {
        let close = keys.min { editDistance($0, key) < editDistance($1, key) }
        guard let close, editDistance(close, key) <= 2 else { return "" }
        return "; did you mean '\(close)'?"
    }

    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.utf8)
        let b = Array(b.utf8)
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}

extension Decision {
    /// `{"allowed", "violations": [{"rule", "check", "limit", "actual", "message"}], "profile_hash",
    /// "price_source", "reference_price"}`.
    public var json: JSONValue {
        .object([
            JSONMember("allowed", .bool(allowed)),
            JSONMember("violations", .array(violations.map(\.json))),
            JSONMember("profile_hash", .string(profileHash)),
            JSONMember("price_source", priceSource.map { .string($0.description) } ?? .null),
            JSONMember("reference_price", referencePrice.map { .string($0.description) } ?? .null),
        ])
    }
}

extension Violation {
    /// `{"rule", "check", "limit", "actual", "message"}`.
    public var json: JSONValue {
        .object([
            JSONMember("rule", .string(rule)),
            JSONMember("check", .string(check.rawValue)),
            JSONMember("limit", .string(limit)),
            JSONMember("actual", .string(actual)),
            JSONMember("message", .string(message)),
        ])
    }
}

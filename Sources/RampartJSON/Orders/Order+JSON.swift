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
    public static let keys: [String] = Key.allCases.map(\.name)

    /// Reads an order object: `bot`, `symbol`, `side`, `type`, `quantity` are required; `account` defaults to
    /// `default` and `mode` to `paper`; decimals may be JSON numbers or strings, with at most eight decimals.
    public init(json: JSONValue) throws(OrderDecodingError) {
        guard let members = json.objectValue else {
            throw OrderDecodingError(key: nil, message: "expected a JSON object, found \(json.kind)")
        }
        // One pass over the members notes where each key's value is (a lookup per key scanned the members once per
        // key, comparing names: a third of reading an order). The first member of a name wins, as `json[key]` finds.
        // A vector, -1 for none: an array would be allocated, its element type's metadata looked up at run time.
        var positions = SIMD16<Int32>(repeating: -1)
        for (position, member) in members.enumerated() {
            guard let key = Key(member.key) else {
                throw OrderDecodingError(key: member.key, message: "unknown key\(Self.suggestion(for: member.key))")
            }
            if positions[key.rawValue] < 0 { positions[key.rawValue] = Int32(position) }
        }
        func value(_ key: Key) -> JSONValue? {
            let position = Int(positions[key.rawValue])
            guard position >= 0, !members[position].value.isNull else { return nil }
            return members[position].value
        }
        func string(_ key: Key, required: Bool) throws(OrderDecodingError) -> String? {
            guard let value = value(key) else {
                if required { throw OrderDecodingError(key: key.name, message: "missing") }
                return nil
            }
            guard let text = value.stringValue else {
                throw OrderDecodingError(key: key.name, message: "expected a string, found \(value.kind)")
            }
            guard !text.isEmpty else { throw OrderDecodingError(key: key.name, message: "must not be empty") }
            return text
        }
        func decimal(_ key: Key, required: Bool) throws(OrderDecodingError) -> FixedDecimal? {
            guard let value = value(key) else {
                if required { throw OrderDecodingError(key: key.name, message: "missing") }
                return nil
            }
            let parsed: (value: FixedDecimal, rounded: Bool)
            do {
                parsed = try value.decimal()
            } catch {
                throw OrderDecodingError(key: key.name, message: error.description)
            }
            if parsed.rounded { throw OrderDecodingError(key: key.name, message: "more than 8 decimal places") }
            return parsed.value
        }
        func choice<T>(_ key: Key, _ options: [(String, T)], default fallback: T?) throws(OrderDecodingError) -> T {
            guard let text = try string(key, required: fallback == nil) else {
                if let fallback { return fallback }
                throw OrderDecodingError(key: key.name, message: "missing")
            }
            for (name, value) in options where name == text { return value }
            let names = options.map(\.0).joined(separator: " or ")
            throw OrderDecodingError(key: key.name, message: "expected \(names), found '\(text)'")
        }
        let side = try choice(.side, [("buy", Side.buy), ("sell", Side.sell)], default: nil)
        let type = try choice(.type, [("market", OrderType.market), ("limit", OrderType.limit)], default: nil)
        let mode = try choice(.mode, [("paper", TradingMode.paper), ("live", TradingMode.live)], default: .paper)
        if value(.execution) != nil {
            self.requestedExecution = try choice(
                .execution,
                [("rampart", OrderExecution.rampart), ("external", OrderExecution.external)],
                default: nil
            )
        }
        self.time = try Self.time(value(.time), subject: "order")
        var reduceOnly = false
        if let value = value(.reduceOnly) {
            guard let flag = value.boolValue else {
                throw OrderDecodingError(key: "reduce_only", message: "expected true or false, found \(value.kind)")
            }
            reduceOnly = flag
        }
        func name(_ key: Key, required: Bool) throws(OrderDecodingError) -> String? {
            guard let text = try string(key, required: required) else { return nil }
            guard NameGrammar.admits(text) else {
                let shown = text.count > 80 ? "a \(text.utf8.count)-byte name" : "'\(text)'"
                throw OrderDecodingError(key: key.name, message: "expected \(NameGrammar.description), found \(shown)")
            }
            return text
        }
        self.order = Order(
            bot: try name(.bot, required: true) ?? "",
            account: try name(.account, required: false) ?? "default",
            symbol: try string(.symbol, required: true) ?? "",
            side: side,
            type: type,
            quantity: try decimal(.quantity, required: true) ?? .zero,
            price: try decimal(.price, required: false),
            referencePrice: try decimal(.referencePrice, required: false),
            mode: mode,
            clientOrderID: try name(.clientOrderID, required: false),
            stopLoss: try decimal(.stopLoss, required: false),
            takeProfit: try decimal(.takeProfit, required: false),
            reduceOnly: reduceOnly
        )
        if execution == .external && order.clientOrderID == nil {
            throw OrderDecodingError(
                key: "client_order_id",
                message: "required with execution 'external': fills are reported against it"
            )
        }
    }

    /// An order object's keys, numbered as `keys` lists them.
    private enum Key: Int, CaseIterable {
        case bot, account, symbol, side, type, quantity, price, referencePrice, mode, clientOrderID, stopLoss
        case takeProfit, time, reduceOnly, execution

        /// The names, as bytes: compared with a member's name without `String`'s `==` (its slow path for every two
        /// names of one length that differ, such as `side` and `type`).
        private static let names: [StaticString] = [
            "bot", "account", "symbol", "side", "type", "quantity", "price", "reference_price", "mode",
            "client_order_id", "stop_loss", "take_profit", "time", "reduce_only", "execution",
        ]

        var name: String { Self.names[rawValue].description }

        /// The key named `name`, or nil for a name an order may not have. Bytes equal is `JSONMember.sameKey`'s
        /// answer here: every key is ASCII, and a text canonically equivalent to ASCII but not the same bytes is
        /// longer in UTF-8.
        init?(_ name: String) {
            var name = name
            let found = name.withUTF8 { bytes in
                Self.names.firstIndex { known in
                    known.utf8CodeUnitCount == bytes.count
                        && UnsafeBufferPointer(start: known.utf8Start, count: bytes.count).elementsEqual(bytes)
                }
            }
            guard let found else { return nil }
            self.init(rawValue: found)
        }
    }

    /// The object's `time` key: ISO 8601 UTC, or nil when absent.
    static func time(in json: JSONValue, subject: String) throws(OrderDecodingError) -> Timestamp? {
        try time(json["time"], subject: subject)
    }

    /// A `time` value: ISO 8601 UTC, or nil when absent or null.
    static func time(_ value: JSONValue?, subject: String) throws(OrderDecodingError) -> Timestamp? {
        guard let value, !value.isNull else { return nil }
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

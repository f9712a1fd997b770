import RampartRules

/// Parses Rampart's CSV, `time,bot,symbol,side,quantity,price,fee[,client_order_id]`, one fill per row.
struct CSVTradeReader {
    /// The required columns, in order.
    static let columns = ["time", "bot", "symbol", "side", "quantity", "price", "fee"]
    /// The optional eighth column.
    static let clientIDColumn = "client_order_id"

    private let lines: ChunkedLineReader
    private let botFilter: String?
    private let fieldCount: Int
    private var lineNumber = 0
    private var fields: [CSVField] = []
    private var bots = ByteInterner()
    private var symbols = ByteInterner()
    private var previous: (time: Timestamp, line: Int)?
    private var matchedFilter = false
    private var finished = false
    private(set) var roundedValues = 0

    var botsSeen: [String] { bots.values }
    private var file: String { lines.path }

    /// Opens `path` and checks its header; `bot` keeps only that bot's rows.
    init(path: String, bot: String?) throws(TradeReadError) {
        lines = try ChunkedLineReader(path: path)
        botFilter = bot
        fields.reserveCapacity(10)
        guard var header = try lines.nextLine() else {
            throw TradeReadError(
                file: path,
                location: .line(1),
                message: "empty file; expected the header \(Self.expectedHeader)"
            )
        }
        lineNumber = 1
        if header.starts(with: [0xEF, 0xBB, 0xBF]) { header = UnsafeBufferPointer(rebasing: header.dropFirst(3)) }
        fieldCount = try Self.checkHeader(header, file: path)
    }

    private static let expectedHeader = "'time,bot,symbol,side,quantity,price,fee[,client_order_id]'"

    /// The number of columns, or an error naming the first wrong, unknown or missing one.
    private static func checkHeader(_ line: UnsafeBufferPointer<UInt8>, file: String) throws(TradeReadError) -> Int {
        var text = String(decoding: line, as: UTF8.self)
        if text.hasSuffix("\r") { text.removeLast() }
        let names = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let known = columns + [clientIDColumn]
        func fail(_ field: String?, _ message: String) -> TradeReadError {
            TradeReadError(
                file: file,
                location: .line(1),
                field: field,
                message: message + "; expected the header \(expectedHeader)"
            )
        }
        for (index, name) in names.enumerated() {
            guard index < known.count else { throw fail(name, "unknown column '\(name)'") }
            if name == known[index] { continue }
            if known.contains(name) {
                throw fail(name, "column '\(name)' is out of place; column \(index + 1) must be '\(known[index])'")
            }
            if index < columns.count && !names.contains(known[index]) {
                throw fail(known[index], "missing column '\(known[index])' (found unknown column '\(name)')")
            }
            throw fail(name, "unknown column '\(name)'")
        }
        if names.count < columns.count { throw fail(columns[names.count], "missing column '\(columns[names.count])'") }
        return names.count
    }

    mutating func next() throws(TradeReadError) -> TradeFill? {
        while !finished {
            guard var line = try lines.nextLine() else {
                finished = true
                if let botFilter, !matchedFilter {
                    let names = bots.values.map { "'\($0)'" }.joined(separator: ", ")
                    throw TradeReadError(
                        file: file,
                        field: "bot",
                        message: "no rows for bot '\(botFilter)'; the file has bots \(names)"
                    )
                }
                return nil
            }
            lineNumber += 1
            if line.last == 0x0D { line = UnsafeBufferPointer(rebasing: line.dropLast()) }
            if line.isEmpty { continue }
            if let fill = try parseRow(line) { return fill }
        }
        return nil
    }

    private func error(_ field: String?, _ message: String) -> TradeReadError {
        TradeReadError(file: file, location: .line(lineNumber), field: field, message: message)
    }

    /// The fill on one line, or nil when `--bot` filters it out.
    private mutating func parseRow(_ line: UnsafeBufferPointer<UInt8>) throws(TradeReadError) -> TradeFill? {
        try split(line)
        if fields.count < fieldCount {
            let name = fields.count < Self.columns.count ? Self.columns[fields.count] : Self.clientIDColumn
            throw error(name, "missing field: the row has \(fields.count) fields, the header \(fieldCount)")
        }
        if fields.count > fieldCount {
            throw error(nil, "extra field: the row has more than the header's \(fieldCount) fields")
        }
        let time = try parseTime(line, fields[0])
        if let previous, time < previous.time {
            throw error("time", "time goes backwards: \(time) is before \(previous.time) on line \(previous.line)")
        }
        previous = (time, lineNumber)
        let bot = try intern(line, fields[1], isSymbol: false)
        let symbol = try intern(line, fields[2], isSymbol: true)
        let side = try parseSide(line, fields[3])
        let quantity = try parseDecimal(line, fields[4], "quantity")
        guard quantity.isPositive else { throw error("quantity", "must be greater than zero, found \(quantity)") }
        let price = try parseDecimal(line, fields[5], "price")
        guard price.isPositive else { throw error("price", "must be greater than zero, found \(price)") }
        let fee = try parseDecimal(line, fields[6], "fee")
        guard !fee.isNegative else { throw error("fee", "must not be negative, found \(fee)") }
        if let botFilter {
            guard bot == botFilter else { return nil }
            matchedFilter = true
        }
        var clientID: String?
        if fieldCount > 7 && fields[7].end > fields[7].start {
            clientID = text(line, fields[7])
        }
        return TradeFill(
            time: time,
            bot: bot,
            symbol: symbol,
            side: side,
            quantity: quantity,
            price: price,
            fee: fee,
            clientOrderID: clientID,
            location: .line(lineNumber)
        )
    }

    /// Fills `fields` with the ranges of the line's fields (RFC 4180 quoting allowed).
    private mutating func split(_ line: UnsafeBufferPointer<UInt8>) throws(TradeReadError) {
        fields.removeAll(keepingCapacity: true)
        var index = 0
        let count = line.count
        while true {
            if fields.count > fieldCount { return }
            if index < count && line[index] == UInt8(ascii: "\"") {
                let start = index + 1
                var escaped = false
                index = start
                while true {
                    guard index < count else {
                        let name = fields.count < fieldCount ? Self.name(fields.count) : nil
                        throw error(name, "unterminated quoted field (line breaks inside quotes are not supported)")
                    }
                    if line[index] == UInt8(ascii: "\"") {
                        if index + 1 < count && line[index + 1] == UInt8(ascii: "\"") {
                            escaped = true
                            index += 2
                            continue
                        }
                        break
                    }
                    index += 1
                }
                fields.append(CSVField(start: start, end: index, escaped: escaped))
                index += 1
                if index == count { return }
                guard line[index] == UInt8(ascii: ",") else {
                    let name = fields.count <= fieldCount ? Self.name(fields.count - 1) : nil
                    throw error(name, "unexpected character after the closing quote")
                }
                index += 1
                if index == count {
                    fields.append(CSVField(start: index, end: index, escaped: false))
                    return
                }
            } else {
                let start = index
                while index < count && line[index] != UInt8(ascii: ",") { index += 1 }
                fields.append(CSVField(start: start, end: index, escaped: false))
                if index == count { return }
                index += 1
                if index == count {
                    fields.append(CSVField(start: index, end: index, escaped: false))
                    return
                }
            }
        }
    }

    private static func name(_ index: Int) -> String { index < columns.count ? columns[index] : clientIDColumn }

    /// The field's raw bytes (inside the quotes; `""` escapes still doubled).
    private func content(_ line: UnsafeBufferPointer<UInt8>, _ field: CSVField) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: line[field.start..<field.end])
    }

    /// The field's bytes with `""` turned into `"`.
    private func unescaped(_ line: UnsafeBufferPointer<UInt8>, _ field: CSVField) -> [UInt8] {
        var bytes: [UInt8] = []
        var skipNext = false
        for byte in content(line, field) {
            if skipNext {
                skipNext = false
                continue
            }
            bytes.append(byte)
            if byte == UInt8(ascii: "\"") { skipNext = true }
        }
        return bytes
    }

    private func text(_ line: UnsafeBufferPointer<UInt8>, _ field: CSVField) -> String {
        field.escaped
            ? String(decoding: unescaped(line, field), as: UTF8.self)
            : String(decoding: content(line, field), as: UTF8.self)
    }

    private mutating func parseTime(
        _ line: UnsafeBufferPointer<UInt8>,
        _ field: CSVField
    ) throws(TradeReadError) -> Timestamp {
        let bytes = content(line, field)
        guard !bytes.isEmpty else { throw error("time", "is empty") }
        if bytes.allSatisfy({ $0 &- 48 < 10 }) {
            var milliseconds: Int64 = 0
            for byte in bytes {
                let (times10, overflow1) = milliseconds.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(Int64(byte &- 48))
                guard !overflow1 && !overflow2 else {
                    throw error("time", "epoch milliseconds '\(text(line, field))' out of range")
                }
                milliseconds = sum
            }
            guard let time = Timestamp(milliseconds: milliseconds) else {
                throw error("time", "epoch milliseconds '\(text(line, field))' out of range")
            }
            return time
        }
        guard let time = Timestamp.parseISO8601(bytes) else {
            throw error(
                "time",
                "'\(text(line, field))' is neither ISO 8601 UTC (2026-01-05T09:30:00Z) nor epoch milliseconds"
            )
        }
        return time
    }

    private mutating func intern(
        _ line: UnsafeBufferPointer<UInt8>,
        _ field: CSVField,
        isSymbol: Bool
    ) throws(TradeReadError) -> String {
        if field.escaped {
            let bytes = unescaped(line, field)
            let result: Result<String, TradeReadError> = bytes.withUnsafeBufferPointer { buffer in
                do throws(TradeReadError) { return .success(try intern(buffer, isSymbol: isSymbol)) } catch {
                    return .failure(error)
                }
            }
            return try result.get()
        }
        return try intern(content(line, field), isSymbol: isSymbol)
    }

    private mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>, isSymbol: Bool) throws(TradeReadError) -> String {
        if let known = isSymbol ? symbols.lookup(bytes) : bots.lookup(bytes) { return known }
        if isSymbol {
            guard FieldRules.isValidSymbol(bytes) else {
                throw error("symbol", FieldRules.symbolMessage(String(decoding: bytes, as: UTF8.self)))
            }
            return symbols.insert(bytes)
        }
        guard !bytes.isEmpty else { throw error("bot", "is empty") }
        return bots.insert(bytes)
    }

    private func parseSide(_ line: UnsafeBufferPointer<UInt8>, _ field: CSVField) throws(TradeReadError) -> Side {
        let bytes = content(line, field)
        if bytes.count == 3 && bytes[0] == UInt8(ascii: "b") && bytes[1] == UInt8(ascii: "u")
            && bytes[2] == UInt8(ascii: "y")
        {
            return .buy
        }
        if bytes.count == 4 && bytes[0] == UInt8(ascii: "s") && bytes[1] == UInt8(ascii: "e")
            && bytes[2] == UInt8(ascii: "l")
            && bytes[3] == UInt8(ascii: "l")
        {
            return .sell
        }
        throw error("side", "expected 'buy' or 'sell', found '\(text(line, field))'")
    }

    private mutating func parseDecimal(
        _ line: UnsafeBufferPointer<UInt8>,
        _ field: CSVField,
        _ name: String
    ) throws(TradeReadError)
        -> FixedDecimal
    {
        let bytes = content(line, field)
        guard !bytes.isEmpty else { throw error(name, "is empty") }
        do {
            let (value, rounded) = try FixedDecimal.parseRounding(bytes)
            if rounded { roundedValues += 1 }
            return value
        } catch {
            throw self.error(name, "'\(text(line, field))' is not a number: \(error)")
        }
    }
}

/// Where one field sits in a CSV line.
struct CSVField {
    /// First byte of the content (after an opening quote).
    var start: Int
    /// One past the last content byte (before a closing quote).
    var end: Int
    /// True when the content holds `""` escapes (quoted fields only).
    var escaped: Bool
}

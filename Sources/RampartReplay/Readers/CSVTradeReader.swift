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
    /// One slot per column and one more (a row with too many fields stops there).
    private var fields: [CSVField]
    private var bots = ByteInterner()
    private var symbols = ByteInterner()
    private var previous: (time: Timestamp, line: Int)?
    private var day = ISODayCache()
    /// The `--bot` filter's id once a row named it, else -1.
    private var botFilterID: Int32 = -1
    private var matchedFilter = false
    private var finished = false
    private(set) var roundedValues = 0
    /// The client order id of the record `nextRecord()` returned last, if it has one.
    private(set) var lastClientOrderID: String?

    /// Every bot in the file so far, by id.
    var botsSeen: [String] { bots.values }
    /// Every symbol in the file so far, by id.
    var symbolsSeen: [String] { symbols.values }
    private var file: String { lines.path }

    /// Opens `path` and checks its header; `bot` keeps only that bot's rows.
    init(path: String, bot: String?) throws(TradeReadError) {
        lines = try ChunkedLineReader(path: path)
        botFilter = bot
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
        fields = Array(repeating: CSVField(start: 0, end: 0, escaped: false), count: fieldCount + 1)
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

    /// The next fill as a `TradeFill`, nil at the end, or the first problem in the file.
    mutating func next() throws(TradeReadError) -> TradeFill? {
        guard let record = try nextRecord() else { return nil }
        return TradeFill(
            time: record.time,
            bot: bots.values[Int(record.bot)],
            symbol: symbols.values[Int(record.symbol)],
            side: record.side,
            quantity: record.quantity,
            price: record.price,
            fee: record.fee,
            clientOrderID: lastClientOrderID,
            location: .line(record.location)
        )
    }

    /// The next fill, nil at the end, or the first problem in the file.
    mutating func nextRecord() throws(TradeReadError) -> FillRecord? {
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
            do {
                if let record = try parseRow(line) { return record }
            } catch {
                throw TradeReadError(
                    file: file,
                    location: .line(lineNumber),
                    field: error.field,
                    message: error.message
                )
            }
        }
        return nil
    }

    /// The fill on one line, or nil when `--bot` filters it out.
    private mutating func parseRow(_ line: UnsafeBufferPointer<UInt8>) throws(CSVFieldProblem) -> FillRecord? {
        let fieldCount = self.fieldCount
        if let row = Self.fastRow(line, fieldCount: fieldCount, day: day, bots: bots, symbols: symbols),
            previous.map({ row.time >= $0.time }) ?? true
        {
            previous = (row.time, lineNumber)
            if botFilter != nil {
                guard row.bot == botFilterID else { return nil }
                matchedFilter = true
            }
            lastClientOrderID = row.clientOrderID.isEmpty ? nil : String(decoding: row.clientOrderID, as: UTF8.self)
            return FillRecord(
                quantity: row.quantity,
                price: row.price,
                fee: row.fee,
                time: row.time,
                location: lineNumber,
                bot: row.bot,
                symbol: row.symbol,
                side: row.side,
                hasClientOrderID: lastClientOrderID != nil
            )
        }
        let split = fields.withUnsafeMutableBufferPointer { Self.split(line, into: $0, fieldCount: fieldCount) }
        let count: Int
        switch split {
        case .success(let found): count = found
        case .failure(let problem): throw problem
        }
        if count < fieldCount {
            throw CSVFieldProblem(
                Self.name(count),
                "missing field: the row has \(count) fields, the header \(fieldCount)"
            )
        }
        if count > fieldCount {
            throw CSVFieldProblem(nil, "extra field: the row has more than the header's \(fieldCount) fields")
        }
        let time = try Self.parseTime(line, fields[0], day: &day)
        if let previous, time < previous.time {
            throw CSVFieldProblem(
                "time",
                "time goes backwards: \(time) is before \(previous.time) on line \(previous.line)"
            )
        }
        previous = (time, lineNumber)
        let bot = try intern(line, fields[1], isSymbol: false)
        let symbol = try intern(line, fields[2], isSymbol: true)
        let side = try Self.parseSide(line, fields[3])
        let quantity = try decimal(line, fields[4], "quantity")
        guard quantity.isPositive else {
            throw CSVFieldProblem("quantity", "must be greater than zero, found \(quantity)")
        }
        let price = try decimal(line, fields[5], "price")
        guard price.isPositive else { throw CSVFieldProblem("price", "must be greater than zero, found \(price)") }
        let fee = try decimal(line, fields[6], "fee")
        guard !fee.isNegative else { throw CSVFieldProblem("fee", "must not be negative, found \(fee)") }
        if botFilter != nil {
            guard bot == botFilterID else { return nil }
            matchedFilter = true
        }
        lastClientOrderID = nil
        if fieldCount > 7 && fields[7].end > fields[7].start {
            lastClientOrderID = Self.text(line, fields[7])
        }
        return FillRecord(
            quantity: quantity,
            price: price,
            fee: fee,
            time: time,
            location: lineNumber,
            bot: bot,
            symbol: symbol,
            side: side,
            hasClientOrderID: lastClientOrderID != nil
        )
    }

    /// A decimal field, counted when it had to be rounded.
    private mutating func decimal(
        _ line: UnsafeBufferPointer<UInt8>,
        _ field: CSVField,
        _ name: String
    ) throws(CSVFieldProblem) -> FixedDecimal {
        let (value, rounded) = try Self.parseDecimal(line, field, name)
        if rounded { roundedValues += 1 }
        return value
    }

    /// The id of the bot or symbol in `field`, checking a name the first time it is seen.
    private mutating func intern(
        _ line: UnsafeBufferPointer<UInt8>,
        _ field: CSVField,
        isSymbol: Bool
    ) throws(CSVFieldProblem) -> Int32 {
        let result: Result<Int32, CSVFieldProblem>
        if field.escaped {
            result = Self.unescaped(line, field).withUnsafeBufferPointer {
                intern($0, readable: $0.count, isSymbol: isSymbol)
            }
        } else {
            result = intern(Self.content(line, field), readable: line.count - field.start, isSymbol: isSymbol)
        }
        return try result.get()
    }

    /// `readable` bytes from the start of `bytes` may be read (the rest of the line).
    @inline(__always)
    private mutating func intern(
        _ bytes: UnsafeBufferPointer<UInt8>,
        readable: Int,
        isSymbol: Bool
    ) -> Result<Int32, CSVFieldProblem> {
        if isSymbol {
            if let known = symbols.lookup(bytes, readable: readable) { return .success(known) }
            guard FieldRules.isValidSymbol(bytes) else {
                return .failure(
                    CSVFieldProblem("symbol", FieldRules.symbolMessage(String(decoding: bytes, as: UTF8.self)))
                )
            }
            return .success(symbols.insert(bytes))
        }
        if let known = bots.lookup(bytes, readable: readable) { return .success(known) }
        guard !bytes.isEmpty else { return .failure(CSVFieldProblem("bot", "is empty")) }
        let id = bots.insert(bytes)
        if let botFilter, bots.values[Int(id)] == botFilter { botFilterID = id }
        return .success(id)
    }
}

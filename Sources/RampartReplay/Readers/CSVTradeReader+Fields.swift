import RampartRules

/// What is wrong with a CSV row: the column at fault (if any) and why; the reader adds the file and line.
struct CSVFieldProblem: Error {
    /// The column at fault.
    var field: String?
    /// What is wrong.
    var message: String

    init(_ field: String?, _ message: String) {
        self.field = field
        self.message = message
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

// Field parsing, as static functions of the line's bytes: nothing here reads or copies the reader.
extension CSVTradeReader {
    /// The column name of field `index`.
    static func name(_ index: Int) -> String { index < columns.count ? columns[index] : clientIDColumn }

    /// Fills `fields` with the ranges of the line's fields (RFC 4180 quoting allowed) and returns how many there
    /// are; stops at `fieldCount + 1` (the buffer's size), which is already one too many.
    static func split(
        _ line: UnsafeBufferPointer<UInt8>,
        into fields: UnsafeMutableBufferPointer<CSVField>,
        fieldCount: Int
    ) -> Result<Int, CSVFieldProblem> {
        if let found = splitUnquoted(line, into: fields, fieldCount: fieldCount) { return .success(found) }
        let count = line.count
        var found = 0
        var index = 0
        while true {
            if found > fieldCount { return .success(found) }
            if index < count && line[index] == UInt8(ascii: "\"") {
                let start = index + 1
                var escaped = false
                index = start
                while true {
                    guard index < count else {
                        let name = found < fieldCount ? Self.name(found) : nil
                        return .failure(
                            CSVFieldProblem(
                                name,
                                "unterminated quoted field (line breaks inside quotes are not supported)"
                            )
                        )
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
                fields[found] = CSVField(start: start, end: index, escaped: escaped)
                found += 1
                index += 1
                if index == count { return .success(found) }
                guard line[index] == UInt8(ascii: ",") else {
                    let name = found <= fieldCount ? Self.name(found - 1) : nil
                    return .failure(CSVFieldProblem(name, "unexpected character after the closing quote"))
                }
                index += 1
                if index == count {
                    if found > fieldCount { return .success(found) }
                    fields[found] = CSVField(start: index, end: index, escaped: false)
                    return .success(found + 1)
                }
            } else {
                let start = index
                while index < count && line[index] != UInt8(ascii: ",") { index += 1 }
                fields[found] = CSVField(start: start, end: index, escaped: false)
                found += 1
                if index == count { return .success(found) }
                index += 1
                if index == count {
                    if found > fieldCount { return .success(found) }
                    fields[found] = CSVField(start: index, end: index, escaped: false)
                    return .success(found + 1)
                }
            }
        }
    }

    /// `split` for a line without any quote, eight bytes at a time: the fields are what lies between the commas.
    /// Returns nil, having found a quote, for the general `split` to take the line.
    @inline(__always)
    private static func splitUnquoted(
        _ line: UnsafeBufferPointer<UInt8>,
        into fields: UnsafeMutableBufferPointer<CSVField>,
        fieldCount: Int
    ) -> Int? {
        guard let base = line.baseAddress else { return nil }
        let count = line.count
        var found = 0
        var start = 0
        var index = 0
        while index + 8 <= count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            if zeroBytes(word ^ 0x2222_2222_2222_2222) != 0 { return nil }
            var commas = zeroBytes(word ^ 0x2C2C_2C2C_2C2C_2C2C)
            while commas != 0 {
                let comma = index + commas.trailingZeroBitCount >> 3
                // One field more than the header is already an error: stop counting there.
                if found > fieldCount { return found }
                fields[found] = CSVField(start: start, end: comma, escaped: false)
                found += 1
                start = comma + 1
                commas &= commas &- 1
            }
            index += 8
        }
        while index < count {
            let byte = base[index]
            if byte == UInt8(ascii: "\"") { return nil }
            if byte == UInt8(ascii: ",") {
                if found > fieldCount { return found }
                fields[found] = CSVField(start: start, end: index, escaped: false)
                found += 1
                start = index + 1
            }
            index += 1
        }
        if found > fieldCount { return found }
        fields[found] = CSVField(start: start, end: count, escaped: false)
        return found + 1
    }

    /// The high bit of every byte of `word` that is zero (exact: no borrow runs between bytes).
    @inline(__always)
    private static func zeroBytes(_ word: UInt64) -> UInt64 {
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~(((word & low7) &+ low7) | word | low7)
    }

    /// The field's raw bytes (inside the quotes; `""` escapes still doubled).
    @inline(__always)
    static func content(_ line: UnsafeBufferPointer<UInt8>, _ field: CSVField) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: line[field.start..<field.end])
    }

    /// The field's bytes with `""` turned into `"`.
    static func unescaped(_ line: UnsafeBufferPointer<UInt8>, _ field: CSVField) -> [UInt8] {
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

    /// The field as text.
    static func text(_ line: UnsafeBufferPointer<UInt8>, _ field: CSVField) -> String {
        field.escaped
            ? String(decoding: unescaped(line, field), as: UTF8.self)
            : String(decoding: content(line, field), as: UTF8.self)
    }

    /// ISO 8601 UTC or epoch milliseconds; `day` remembers the last ISO date read.
    static func parseTime(
        _ line: UnsafeBufferPointer<UInt8>,
        _ field: CSVField,
        day: inout ISODayCache
    ) throws(CSVFieldProblem) -> Timestamp {
        let bytes = content(line, field)
        if let time = day.time(bytes) { return time }
        guard !bytes.isEmpty else { throw CSVFieldProblem("time", "is empty") }
        if bytes.allSatisfy({ $0 &- 48 < 10 }) {
            var milliseconds: Int64 = 0
            for byte in bytes {
                let (times10, overflow1) = milliseconds.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(Int64(byte &- 48))
                guard !overflow1 && !overflow2 else {
                    throw CSVFieldProblem("time", "epoch milliseconds '\(text(line, field))' out of range")
                }
                milliseconds = sum
            }
            guard let time = Timestamp(milliseconds: milliseconds) else {
                throw CSVFieldProblem("time", "epoch milliseconds '\(text(line, field))' out of range")
            }
            return time
        }
        guard let time = Timestamp.parseISO8601(bytes) else {
            throw CSVFieldProblem(
                "time",
                "'\(text(line, field))' is neither ISO 8601 UTC (2026-01-05T09:30:00Z) nor epoch milliseconds"
            )
        }
        day.remember(bytes, time)
        return time
    }

    /// `buy` or `sell`.
    static func parseSide(_ line: UnsafeBufferPointer<UInt8>, _ field: CSVField) throws(CSVFieldProblem) -> Side {
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
        throw CSVFieldProblem("side", "expected 'buy' or 'sell', found '\(text(line, field))'")
    }

    /// A decimal field, rounded half-even to eight places, and whether it had to be rounded.
    static func parseDecimal(
        _ line: UnsafeBufferPointer<UInt8>,
        _ field: CSVField,
        _ name: String
    ) throws(CSVFieldProblem) -> (FixedDecimal, Bool) {
        let bytes = content(line, field)
        guard !bytes.isEmpty else { throw CSVFieldProblem(name, "is empty") }
        if let plain = plainDecimal(bytes) { return (plain, false) }
        do {
            return try FixedDecimal.parseRounding(bytes)
        } catch {
            throw CSVFieldProblem(name, "'\(text(line, field))' is not a number: \(error)")
        }
    }

    /// 10^(8 − `fractionDigits`): the units of one in the last written decimal place.
    @inline(__always)
    static func unitsPerLastDigit(_ fractionDigits: Int) -> UInt64 {
        switch fractionDigits {
        case 0: 100_000_000
        case 1: 10_000_000
        case 2: 1_000_000
        case 3: 100_000
        case 4: 10_000
        case 5: 1_000
        case 6: 100
        case 7: 10
        default: 1
        }
    }

    /// `digits` or `digits.digits` with at most 18 digits in all and at most eight decimals: what nearly every
    /// trade file writes, read in 64-bit arithmetic; nil for anything else, which `FixedDecimal.parseRounding`
    /// then reads (for these shapes it gives the same value, unrounded).
    @inline(__always)
    static func plainDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> FixedDecimal? {
        let count = bytes.count
        var index = 0
        var mantissa: UInt64 = 0
        while index < count {
            let digit = bytes[index] &- 48
            if digit >= 10 { break }
            mantissa = mantissa &* 10 &+ UInt64(digit)
            index += 1
        }
        let integerDigits = index
        guard integerDigits > 0 else { return nil }
        var fractionDigits = 0
        if index < count {
            guard bytes[index] == UInt8(ascii: ".") else { return nil }
            index += 1
            let fractionStart = index
            while index < count {
                let digit = bytes[index] &- 48
                if digit >= 10 { return nil }
                mantissa = mantissa &* 10 &+ UInt64(digit)
                index += 1
            }
            fractionDigits = index - fractionStart
            guard fractionDigits > 0 && fractionDigits <= FixedDecimal.fractionDigits else { return nil }
        }
        // At most 18 digits: the 64-bit mantissa cannot have wrapped.
        guard integerDigits + fractionDigits <= 18 else { return nil }
        let product = mantissa.multipliedFullWidth(by: unitsPerLastDigit(fractionDigits))
        return FixedDecimal(units: Int128(product.high) << 64 | Int128(product.low))
    }
}

/// The date of the last ISO 8601 time read (`2026-01-05T…Z`), so the next rows of that day parse only their time of
/// day: a file holds a few days and a million rows.
///
/// Only the shape `YYYY-MM-DDTHH:MM:SS[.fraction]Z` is taken here, and only for a date `Timestamp.parseISO8601` has
/// already accepted; every other text goes to that parser, so the results and the errors are the same.
struct ISODayCache {
    /// The first eight bytes of the date, and the last two.
    private var head: UInt64 = 0
    private var tail: UInt16 = 0
    /// 00:00 of that date, in nanoseconds since the epoch; nil until a date is remembered.
    private var midnight: Int64?

    /// The time in `bytes`, when it has the simple shape and the remembered date; else nil.
    @inline(__always)
    func time(_ bytes: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        guard let midnight, bytes.count >= 20, bytes.count <= 30, let base = bytes.baseAddress,
            UnsafeRawPointer(base).loadUnaligned(as: UInt64.self) == head,
            UnsafeRawPointer(base + 8).loadUnaligned(as: UInt16.self) == tail,
            bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            bytes[bytes.count - 1] == UInt8(ascii: "Z")
        else { return nil }
        func twoDigits(_ at: Int) -> Int64? {
            let high = bytes[at] &- 48
            let low = bytes[at + 1] &- 48
            guard high < 10 && low < 10 else { return nil }
            return Int64(high) * 10 + Int64(low)
        }
        guard let hour = twoDigits(11), let minute = twoDigits(14), let second = twoDigits(17),
            hour < 24, minute < 60, second < 60
        else { return nil }
        var nanos: Int64 = 0
        if bytes.count > 20 {
            // `.` and one to nine digits before the `Z`.
            let digits = bytes.count - 21
            guard bytes[19] == UInt8(ascii: "."), digits >= 1, digits <= 9 else { return nil }
            for index in 20..<(bytes.count - 1) {
                let digit = bytes[index] &- 48
                guard digit < 10 else { return nil }
                nanos = nanos &* 10 &+ Int64(digit)
            }
            nanos &*= Self.nanosecondScale(digits)
        }
        // Past the largest timestamp (late on 2262-04-11) the sum overflows: the full parser refuses that time.
        let (time, overflow) = midnight.addingReportingOverflow(
            (hour * 3600 + minute * 60 + second) * 1_000_000_000 + nanos
        )
        return overflow ? nil : Timestamp(nanoseconds: time)
    }

    /// 10^(9 − `digits`): nanoseconds per unit of a fraction written with `digits` digits (1 to 9).
    @inline(__always)
    private static func nanosecondScale(_ digits: Int) -> Int64 {
        switch digits {
        case 1: 100_000_000
        case 2: 10_000_000
        case 3: 1_000_000
        case 4: 100_000
        case 5: 10_000
        case 6: 1_000
        case 7: 100
        case 8: 10
        default: 1
        }
    }

    /// Remembers the date of `bytes`, which `Timestamp.parseISO8601` read as `time`, when it has the simple shape.
    mutating func remember(_ bytes: UnsafeBufferPointer<UInt8>, _ time: Timestamp) {
        // The first day timestamps reach (1677-09-21) starts before `Int64.min`: its times are not remembered.
        let (start, overflow) = time.utcDay.multipliedReportingOverflow(by: Timestamp.nanosecondsPerDay)
        guard !overflow, bytes.count >= 20, bytes[10] == UInt8(ascii: "T"), let base = bytes.baseAddress else { return }
        head = UnsafeRawPointer(base).loadUnaligned(as: UInt64.self)
        tail = UnsafeRawPointer(base + 8).loadUnaligned(as: UInt16.self)
        midnight = start
    }
}

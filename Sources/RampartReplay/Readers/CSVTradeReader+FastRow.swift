import RampartRules
import RampartSystem

/// A row read in one pass by `CSVTradeReader.fastRow`: names already known, no quotes, plain numbers.
struct FastRow {
    var time: Timestamp
    var bot: Int32
    var symbol: Int32
    var side: Side
    var quantity: FixedDecimal
    var price: FixedDecimal
    var fee: FixedDecimal
    /// The eighth field's bytes (empty for none), when the header has it.
    var clientOrderID: UnsafeBufferPointer<UInt8>
}

// The common row in one pass over its bytes, without splitting it first.
extension CSVTradeReader {
    /// The row when it is plain: exactly `fieldCount` fields (7 or 8) with no quote at a field's start, an ISO time
    /// of the remembered day or epoch milliseconds, a bot and symbol already seen, `buy`/`sell`, and numbers of
    /// digits with at most eight decimals. Anything else returns nil and goes to the general path (split, then
    /// check each field), which reads every plain row to the same values: so the two agree, and every error
    /// (and every new name, with its checks) comes from the general path alone. Nothing here changes the reader.
    @inline(__always)
    static func fastRow(
        _ line: UnsafeBufferPointer<UInt8>,
        fieldCount: Int,
        day: ISODayCache,
        bots: borrowing ByteInterner,
        symbols: borrowing ByteInterner
    ) -> FastRow? {
        guard fieldCount == 7 || fieldCount == 8, let base = line.baseAddress else { return nil }
        let end = line.count
        var index = 0

        /// The end of the field starting at `index` (its comma, or the line's end), or nil when it starts with a
        /// quote.
        func fieldEnd() -> Int? {
            guard index < end, base[index] != UInt8(ascii: "\"") else {
                return index == end ? end : nil
            }
            guard let comma = memchr(base + index, Int32(UInt8(ascii: ",")), end - index) else { return end }
            return base.distance(to: comma.assumingMemoryBound(to: UInt8.self))
        }
        func field(_ start: Int, _ stop: Int) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(start: base + start, count: stop - start)
        }

        // time
        guard let timeEnd = fieldEnd(), timeEnd < end else { return nil }
        let timeBytes = field(0, timeEnd)
        var time = day.time(timeBytes)
        if time == nil, !timeBytes.isEmpty, timeBytes.count <= 18, timeBytes.allSatisfy({ $0 &- 48 < 10 }) {
            // At most 18 digits: no overflow before the milliseconds are scaled, which checks its own range.
            var milliseconds: Int64 = 0
            for byte in timeBytes { milliseconds = milliseconds &* 10 &+ Int64(byte &- 48) }
            time = Timestamp(milliseconds: milliseconds)
        }
        guard let time else { return nil }
        index = timeEnd + 1

        // bot and symbol: names already interned (a new name goes through the general path's checks)
        guard let botEnd = fieldEnd(), botEnd < end,
            let bot = bots.lookup(field(index, botEnd), readable: end - index)
        else { return nil }
        index = botEnd + 1
        guard let symbolEnd = fieldEnd(), symbolEnd < end,
            let symbol = symbols.lookup(field(index, symbolEnd), readable: end - index)
        else { return nil }
        index = symbolEnd + 1

        // side
        let side: Side
        if index + 4 <= end && base[index] == UInt8(ascii: "b") && base[index + 1] == UInt8(ascii: "u")
            && base[index + 2] == UInt8(ascii: "y") && base[index + 3] == UInt8(ascii: ",")
        {
            side = .buy
            index += 4
        } else if index + 5 <= end && base[index] == UInt8(ascii: "s") && base[index + 1] == UInt8(ascii: "e")
            && base[index + 2] == UInt8(ascii: "l") && base[index + 3] == UInt8(ascii: "l")
            && base[index + 4] == UInt8(ascii: ",")
        {
            side = .sell
            index += 5
        } else {
            return nil
        }

        // quantity, price, fee: each ends at a comma, the fee at the line's end unless a client order id follows
        guard let quantity = decimal(base, &index, end), quantity.isPositive, index < end else { return nil }
        index += 1
        guard let price = decimal(base, &index, end), price.isPositive, index < end else { return nil }
        index += 1
        guard let fee = decimal(base, &index, end) else { return nil }
        var clientOrderID = UnsafeBufferPointer<UInt8>(start: base + end, count: 0)
        if fieldCount == 8 {
            guard index < end else { return nil }
            index += 1
            guard let idEnd = fieldEnd(), idEnd == end else { return nil }
            clientOrderID = field(index, end)
        } else if index != end {
            return nil
        }
        return FastRow(
            time: time,
            bot: bot,
            symbol: symbol,
            side: side,
            quantity: quantity,
            price: price,
            fee: fee,
            clientOrderID: clientOrderID
        )
    }

    /// A plain decimal (`plainDecimal`'s shape) starting at `index` and ending at a comma or the line's end, where
    /// `index` is left; nil for anything else. One pass over the digits.
    @inline(__always)
    private static func decimal(_ base: UnsafePointer<UInt8>, _ index: inout Int, _ end: Int) -> FixedDecimal? {
        let start = index
        var mantissa: UInt64 = 0
        var digit = UInt8(0)
        while index < end {
            digit = base[index] &- 48
            if digit >= 10 { break }
            mantissa = mantissa &* 10 &+ UInt64(digit)
            index += 1
        }
        let integerDigits = index - start
        guard integerDigits > 0 else { return nil }
        var fractionDigits = 0
        if index < end && base[index] == UInt8(ascii: ".") {
            index += 1
            let fractionStart = index
            while index < end {
                digit = base[index] &- 48
                if digit >= 10 { break }
                mantissa = mantissa &* 10 &+ UInt64(digit)
                index += 1
            }
            fractionDigits = index - fractionStart
            guard fractionDigits > 0 && fractionDigits <= FixedDecimal.fractionDigits else { return nil }
        }
        // A number ends at the field's end; at most 18 digits, so the 64-bit mantissa cannot have wrapped.
        guard index == end || base[index] == UInt8(ascii: ","), integerDigits + fractionDigits <= 18 else {
            return nil
        }
        let product = mantissa.multipliedFullWidth(by: unitsPerLastDigit(fractionDigits))
        return FixedDecimal(units: Int128(product.high) << 64 | Int128(product.low))
    }
}

/// Writes `JSONValue`s as RFC 8259 text, members in the order given, optionally pretty-printed with two spaces.
public enum JSONWriter {
    /// The value as UTF-8 bytes.
    public static func bytes(_ value: JSONValue, pretty: Bool = false) -> [UInt8] {
        // An API answer is a few hundred bytes: one allocation instead of growing from empty through five.
        var output = OutputBytes(capacity: 512)
        output.write(value, pretty: pretty, indent: 0)
        // Room for one byte more than the text: the service ends each answer with a newline, without a second
        // allocation.
        return output.arrayWithRoomForOneMore()
    }

    /// The value as a string.
    public static func string(_ value: JSONValue, pretty: Bool = false) -> String {
        String(decoding: bytes(value, pretty: pretty), as: UTF8.self)
    }

    /// Appends the value to `output`; `indent` is the current nesting level when pretty-printing.
    public static func write(_ value: JSONValue, into output: inout [UInt8], pretty: Bool = false, indent: Int = 0) {
        var written = OutputBytes(capacity: 512)
        written.write(value, pretty: pretty, indent: indent)
        written.append(to: &output)
    }

    /// Appends a quoted string, escaping `"`, `\` and control characters: escaped straight into `output` (the
    /// dry-run's decision log writes a few names per order this way), in room made for the longest escaping and then
    /// cut to what was written.
    public static func writeString(_ text: String, into output: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            let start = output.count
            output.append(contentsOf: repeatElement(0, count: bytes.count * 6 + 2))
            let end = output.withUnsafeMutableBufferPointer { room in
                // `room` is never empty here: it holds at least the two quotes' room.
                OutputBytes.quote(bytes, into: room.baseAddress!, at: start)
            }
            output.removeLast(output.count - end)
        }
    }
}

/// Bytes written through a pointer, with one capacity check per piece of text rather than per byte (an API answer's
/// `Array.append`s, generic and checked each time, were a third of writing it).
private struct OutputBytes: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var count = 0

    private static let hexDigits: StaticString = "0123456789abcdef"

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The bytes written, in an array with room for one more.
    mutating func arrayWithRoomForOneMore() -> [UInt8] {
        // Copied with a placeholder byte, then that byte dropped: `Array(unsafeUninitializedCapacity:)`, which could
        // leave the room without copying a byte too many, costs about 400 instructions more.
        byte(0)
        var array = Array(UnsafeBufferPointer(start: base, count: count))
        array.removeLast()
        return array
    }

    /// Appends the bytes written to `output`.
    func append(to output: inout [UInt8]) {
        output.append(contentsOf: UnsafeBufferPointer(start: base, count: count))
    }

    /// Makes room for `extra` more bytes: the check inlined where bytes are written, the growing (rare) not.
    @inline(__always) private mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(toHold: count + extra) }
    }

    @inline(never) private mutating func grow(toHold needed: Int) {
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: max(capacity * 2, needed))
        grown.update(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = max(capacity * 2, needed)
    }

    private mutating func byte(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    private mutating func raw(_ bytes: UnsafeBufferPointer<UInt8>) {
        reserve(bytes.count)
        if let source = bytes.baseAddress { (base + count).update(from: source, count: bytes.count) }
        count += bytes.count
    }

    private mutating func literal(_ word: StaticString) {
        raw(UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount))
    }

    private mutating func newline(_ indent: Int) {
        reserve(1 + indent * 2)
        base[count] = 0x0A
        (base + count + 1).update(repeating: UInt8(ascii: " "), count: indent * 2)
        count += 1 + indent * 2
    }

    /// Writes `value`; `indent` is the current nesting level when pretty-printing.
    mutating func write(_ value: JSONValue, pretty: Bool, indent: Int) {
        switch value {
        case .null: literal("null")
        case .bool(let flag): literal(flag ? "true" : "false")
        case .number(var text): text.withUTF8 { raw($0) }
        case .string(let text): string(text)
        case .array(let elements):
            byte(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { byte(UInt8(ascii: ",")) }
                if pretty { newline(indent + 1) }
                write(element, pretty: pretty, indent: indent + 1)
            }
            if pretty && !elements.isEmpty { newline(indent) }
            byte(UInt8(ascii: "]"))
        case .object(let members):
            byte(UInt8(ascii: "{"))
            for (position, member) in members.enumerated() {
                if position > 0 { byte(UInt8(ascii: ",")) }
                if pretty { newline(indent + 1) }
                string(member.key)
                byte(UInt8(ascii: ":"))
                if pretty { byte(UInt8(ascii: " ")) }
                write(member.value, pretty: pretty, indent: indent + 1)
            }
            if pretty && !members.isEmpty { newline(indent) }
            byte(UInt8(ascii: "}"))
        }
    }

    /// Writes a quoted string, escaping `"`, `\` and control characters: room for the longest escaping is made once,
    /// then the bytes are escaped and copied in one pass.
    mutating func string(_ text: String) {
        // The bytes where the string keeps them, when contiguous (native strings): `withUTF8` on a copy costs a
        // retain and a release of the string (about 30 instructions a string).
        if text.utf8.withContiguousStorageIfAvailable({ append(quoted: $0) }) == nil {
            var copy = text
            copy.withUTF8 { append(quoted: $0) }
        }
    }

    private mutating func append(quoted bytes: UnsafeBufferPointer<UInt8>) {
        reserve(bytes.count * 6 + 2)
        count = Self.quote(bytes, into: base, at: count)
    }

    /// Writes `bytes` quoted and escaped at `start` and returns where the text ends. Eight bytes at a time while none
    /// of them needs an escape (byte by byte this was 12 instructions a byte). Static, with the pointer in a local: a
    /// byte stored through `self.base` could be `self`'s own storage as far as the compiler knows.
    fileprivate static func quote(
        _ bytes: UnsafeBufferPointer<UInt8>,
        into out: UnsafeMutablePointer<UInt8>,
        at start: Int
    )
        -> Int
    {
        var position = start
        out[position] = UInt8(ascii: "\"")
        position += 1
        guard let source = bytes.baseAddress else {
            out[position] = UInt8(ascii: "\"")
            return position + 1
        }
        var index = 0
        while index < bytes.count {
            if index + 8 <= bytes.count {
                let word = UnsafeRawPointer(source + index).loadUnaligned(as: UInt64.self)
                if !mayNeedEscape(word) {
                    UnsafeMutableRawPointer(out + position).storeBytes(of: word, as: UInt64.self)
                    index += 8
                    position += 8
                    continue
                }
            }
            let byte = source[index]
            index += 1
            if byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") {
                out[position] = byte
                position += 1
                continue
            }
            out[position] = UInt8(ascii: "\\")
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out[position + 1] = byte
            case 0x0A: out[position + 1] = UInt8(ascii: "n")
            case 0x0D: out[position + 1] = UInt8(ascii: "r")
            case 0x09: out[position + 1] = UInt8(ascii: "t")
            default:
                out[position + 1] = UInt8(ascii: "u")
                out[position + 2] = UInt8(ascii: "0")
                out[position + 3] = UInt8(ascii: "0")
                out[position + 4] = hexDigits.utf8Start[Int(byte >> 4)]
                out[position + 5] = hexDigits.utf8Start[Int(byte & 0x0F)]
                position += 4
            }
            position += 2
        }
        out[position] = UInt8(ascii: "\"")
        return position + 1
    }

    /// Whether any of the eight bytes in `word` is below 0x20, `"` or `\` (none is, when this is false). A byte's
    /// high bit is set in `value - 0x01…` and clear in `value` only when some byte of `value` is zero (or, above a
    /// zero byte, from its borrow), and in `word - 0x20…` and not in `word` only when some byte is below 0x20.
    @inline(__always) private static func mayNeedEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        let quotes = word ^ (ones &* UInt64(UInt8(ascii: "\"")))
        let backslashes = word ^ (ones &* UInt64(UInt8(ascii: "\\")))
        let control = (word &- ones &* 0x20) & ~word
        let quote = (quotes &- ones) & ~quotes
        let backslash = (backslashes &- ones) & ~backslashes
        return (control | quote | backslash) & highBits != 0
    }
}

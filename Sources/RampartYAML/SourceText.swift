/// Byte-level checks and position arithmetic on raw YAML input.
enum SourceText {
    /// The UTF-8 byte order mark.
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Whether the bytes start with a UTF-8 byte order mark.
    static func hasByteOrderMark(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    }

    /// The offset of the first byte of the first ill-formed UTF-8 sequence, or nil if the bytes are valid UTF-8.
    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF:
                length = 2
            case 0xE0:
                length = 3
                lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF:
                length = 3
            case 0xED:
                length = 3
                upper = 0x9F
            case 0xF0:
                length = 4
                lower = 0x90
            case 0xF1...0xF3:
                length = 4
            case 0xF4:
                length = 4
                upper = 0x8F
            default:
                return index
            }
            guard index + length <= count else { return index }
            let second = bytes[index + 1]
            guard second >= lower && second <= upper else { return index }
            var next = index + 2
            while next < index + length {
                guard bytes[next] & 0xC0 == 0x80 else { return index }
                next += 1
            }
            index += length
        }
        return nil
    }

    /// The 1-based line and column (in Unicode scalars) of a byte offset, counting line breaks the way libyaml does.
    ///
    /// Line breaks are LF, CR, CR LF, NEL, LS and PS; a leading byte order mark takes no column.
    static func mark(atOffset offset: Int, in bytes: [UInt8]) -> YAMLMark {
        var line = 1
        var column = 1
        var index = hasByteOrderMark(bytes) ? 3 : 0
        let end = min(offset, bytes.count)
        while index < end {
            let byte = bytes[index]
            if byte == 0x0A {
                line += 1
                column = 1
                index += 1
            } else if byte == 0x0D {
                index += 1
                // In a CR LF pair the LF ends the line.
                if index < bytes.count && bytes[index] == 0x0A { continue }
                line += 1
                column = 1
            } else if isUnicodeLineBreak(at: index, in: bytes) {
                line += 1
                column = 1
                index += byte == 0xC2 ? 2 : 3
            } else {
                if byte & 0xC0 != 0x80 { column += 1 }
                index += 1
            }
        }
        return YAMLMark(line: line, column: column)
    }

    /// Whether NEL (U+0085), LS (U+2028) or PS (U+2029) starts at the index.
    private static func isUnicodeLineBreak(at index: Int, in bytes: [UInt8]) -> Bool {
        let byte = bytes[index]
        if byte == 0xC2 {
            return index + 1 < bytes.count && bytes[index + 1] == 0x85
        }
        if byte == 0xE2 {
            return index + 2 < bytes.count && bytes[index + 1] == 0x80
                && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9)
        }
        return false
    }

    /// Uppercase hexadecimal digits of `value`, zero-padded to `digits`.
    static func hex(_ value: Int32, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}

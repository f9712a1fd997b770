/// Why a piece of text is not a decimal number.
public enum DecimalSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Nothing to parse.
    case empty
    /// A character that is not part of the decimal grammar, at a 0-based offset.
    case unexpectedCharacter(offset: Int)
    /// More fractional digits than eight (operator-written values only).
    case tooManyFractionDigits(Int)
    /// An exponent such as `1e3` (operator-written values only).
    case exponentNotAllowed
    /// A leading zero such as `0100`, which YAML 1.1 readers take for octal.
    case leadingZero
    /// The value does not fit the fixed-point range, or has more than 36 significant digits.
    case outOfRange

    public var description: String {
        switch self {
        case .empty: "empty number"
        case .unexpectedCharacter(let offset): "unexpected character at offset \(offset)"
        case .tooManyFractionDigits(let count): "\(count) decimal places; at most 8 are allowed"
        case .exponentNotAllowed: "exponent notation is not allowed; write the digits out"
        case .leadingZero: "leading zero is not allowed"
        case .outOfRange: "number out of range"
        }
    }
}

extension FixedDecimal {
    /// Parses operator-written text exactly: `-`? digits (`.` digits)?, at most eight decimals, no exponent.
    public init(exactly text: String) throws(DecimalSyntaxError) {
        var text = text
        let result = text.withUTF8 { bytes in Self.parse(bytes, strict: true) }
        switch result {
        case .success(let parsed): self = parsed.value
        case .failure(let error): throw error
        }
    }

    /// Parses a number from a trade file: exponents and extra decimals are accepted, rounding half-even.
    ///
    /// Returns the value and whether it had to be rounded to eight decimals.
    public static func parseRounding(
        _ bytes: UnsafeBufferPointer<UInt8>
    ) throws(DecimalSyntaxError) -> (
        value: FixedDecimal, rounded: Bool
    ) {
        switch parse(bytes, strict: false) {
        case .success(let parsed): return parsed
        case .failure(let error): throw error
        }
    }

    /// Parses a number from a trade file held in a `String`; see `parseRounding(_:)` for bytes.
    public static func parseRounding(_ text: String) throws(DecimalSyntaxError) -> (value: FixedDecimal, rounded: Bool)
    {
        var text = text
        let result = text.withUTF8 { bytes in parse(bytes, strict: false) }
        switch result {
        case .success(let parsed): return parsed
        case .failure(let error): throw error
        }
    }

    private static let maxMantissa: UInt128 = 100_000_000_000_000_000_000_000_000_000_000_000  // 10^36

    private static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>,
        strict: Bool
    ) -> Result<
        (value: FixedDecimal, rounded: Bool), DecimalSyntaxError
    > {
        var index = 0
        let count = bytes.count
        if count == 0 { return .failure(.empty) }
        var negative = false
        if bytes[0] == UInt8(ascii: "-") {
            negative = true
            index = 1
        } else if bytes[0] == UInt8(ascii: "+") && !strict {
            index = 1
        }
        var mantissa: UInt128 = 0
        var integerDigits = 0
        var fractionDigits = 0
        let integerStart = index
        while index < count, bytes[index] &- 48 < 10 {
            guard mantissa < maxMantissa else { return .failure(.outOfRange) }
            mantissa = mantissa &* 10 &+ UInt128(bytes[index] &- 48)
            integerDigits += 1
            index += 1
        }
        if integerDigits == 0 { return .failure(index < count ? .unexpectedCharacter(offset: index) : .empty) }
        if strict && integerDigits > 1 && bytes[integerStart] == UInt8(ascii: "0") { return .failure(.leadingZero) }
        if index < count && bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < count, bytes[index] &- 48 < 10 {
                guard mantissa < maxMantissa else { return .failure(.outOfRange) }
                mantissa = mantissa &* 10 &+ UInt128(bytes[index] &- 48)
                fractionDigits += 1
                index += 1
            }
            // `1.` and `.5` are rejected in both modes: a careless edit, not a number.
            if fractionDigits == 0 { return .failure(.unexpectedCharacter(offset: index)) }
        }
        var exponent = 0
        if index < count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
            if strict { return .failure(.exponentNotAllowed) }
            index += 1
            var exponentNegative = false
            if index < count && (bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+")) {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            var exponentDigits = 0
            while index < count, bytes[index] &- 48 < 10 {
                guard exponent < 1000 else { return .failure(.outOfRange) }
                exponent = exponent * 10 + Int(bytes[index] &- 48)
                exponentDigits += 1
                index += 1
            }
            if exponentDigits == 0 { return .failure(.unexpectedCharacter(offset: index)) }
            if exponentNegative { exponent = -exponent }
        }
        if index != count { return .failure(.unexpectedCharacter(offset: index)) }
        if strict && fractionDigits > fractionDigitsLimit { return .failure(.tooManyFractionDigits(fractionDigits)) }

        // value = mantissa × 10^(exponent − fractionDigits); units = value × 10^8.
        let shift = exponent - fractionDigits + FixedDecimal.fractionDigits
        var magnitude: UInt128
        var rounded = false
        if mantissa == 0 {
            magnitude = 0
        } else if shift >= 0 {
            magnitude = mantissa
            for _ in 0..<shift {
                let (next, overflow) = magnitude.multipliedReportingOverflow(by: 10)
                if overflow { return .failure(.outOfRange) }
                magnitude = next
            }
        } else if -shift > 38 {
            magnitude = 0  // far below 1e-8 (the mantissa has at most 36 digits): rounds to zero
            rounded = true
        } else {
            var divisor: UInt128 = 1
            for _ in 0..<(-shift) { divisor &*= 10 }
            let (quotient, remainder) = mantissa.quotientAndRemainder(dividingBy: divisor)
            magnitude = quotient
            if remainder != 0 {
                rounded = true
                let twice = remainder &* 2
                if twice > divisor || (twice == divisor && quotient & 1 != 0) { magnitude &+= 1 }
            }
        }
        guard magnitude <= UInt128(Int128.max) else { return .failure(.outOfRange) }
        let units = negative ? -Int128(magnitude) : Int128(magnitude)
        return .success((FixedDecimal(units: units), rounded))
    }

    private static let fractionDigitsLimit = FixedDecimal.fractionDigits
}

extension FixedDecimal: CustomStringConvertible {
    /// The shortest exact decimal text: `1000`, `0.5`, `-0.00012`.
    public var description: String {
        withText { String(decoding: $0, as: UTF8.self) }
    }

    /// The most bytes `withText` passes: a sign, 31 whole digits, a point and 8 decimals.
    public static let textCapacity = 48

    /// Calls `body` with `description`'s UTF-8 bytes, written on the stack (no allocation): journal rows and JSON
    /// answers write decimals straight from here.
    @inlinable
    public func withText<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.textCapacity) { buffer in
            let start = writeText(endingAt: buffer)
            return try body(UnsafeBufferPointer(rebasing: buffer[start...]))
        }
    }

    /// Writes `description`'s bytes at the end of `buffer` (at least `textCapacity` bytes) and returns where they
    /// start. Whole and fraction are split with 64-bit arithmetic when the magnitude fits (every realistic amount).
    @usableFromInline
    func writeText(endingAt buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let magnitude = units.magnitude
        var position = buffer.count
        func put(_ byte: UInt8) {
            position -= 1
            buffer[position] = byte
        }
        let scale = UInt64(Self.scale)
        var whole: UInt128
        var fraction: UInt64
        if magnitude <= UInt128(UInt64.max) {
            let small = UInt64(magnitude)
            whole = UInt128(small / scale)
            fraction = small % scale
        } else {
            whole = magnitude / UInt128(scale)
            fraction = UInt64(magnitude % UInt128(scale))
        }
        if fraction != 0 {
            var digits = Self.fractionDigits
            while fraction % 10 == 0 {
                fraction /= 10
                digits -= 1
            }
            for _ in 0..<digits {
                put(UInt8(ascii: "0") + UInt8(fraction % 10))
                fraction /= 10
            }
            put(UInt8(ascii: "."))
        }
        if whole <= UInt128(UInt64.max) {
            var rest = UInt64(whole)
            repeat {
                put(UInt8(ascii: "0") + UInt8(rest % 10))
                rest /= 10
            } while rest != 0
        } else {
            repeat {
                put(UInt8(ascii: "0") + UInt8(whole % 10))
                whole /= 10
            } while whole != 0
        }
        if units < 0 { put(UInt8(ascii: "-")) }
        return position
    }
}

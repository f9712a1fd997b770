import Testing

@testable import RampartRules

@Suite struct FixedDecimalTests {
    @Test(arguments: [
        ("0", "0"), ("1000", "1000"), ("0.00012", "0.00012"), ("1000.50", "1000.5"), ("-3", "-3"),
        ("12345678.12345678", "12345678.12345678"), ("-0", "0"), ("1000000000000", "1000000000000"),
    ])
    func exactParsingRoundTrips(text: String, printed: String) throws {
        #expect(try FixedDecimal(exactly: text).description == printed)
    }

    @Test(arguments: [
        ("", DecimalSyntaxError.empty), ("1e3", .exponentNotAllowed), ("0100", .leadingZero),
        ("1.123456789", .tooManyFractionDigits(9)), ("1.5abc", .unexpectedCharacter(offset: 3)),
        (".inf", .unexpectedCharacter(offset: 0)), (".nan", .unexpectedCharacter(offset: 0)),
        ("+5", .unexpectedCharacter(offset: 0)), ("1_000", .unexpectedCharacter(offset: 1)),
        ("1.", .unexpectedCharacter(offset: 2)), ("-", .empty),
    ])
    func exactParsingRejects(text: String, error: DecimalSyntaxError) {
        #expect(throws: error) { try FixedDecimal(exactly: text) }
    }

    @Test func tradeFileNumbersRoundHalfEven() throws {
        let (a, roundedA) = try FixedDecimal.parseRounding("0.00010074887218045112")
        #expect(a.description == "0.00010075" && roundedA)
        let (b, roundedB) = try FixedDecimal.parseRounding("9.64e-05")
        #expect(b.description == "0.0000964" && !roundedB)
        #expect(try FixedDecimal.parseRounding("0.000000005").value == .zero)  // tie, even down
        #expect(try FixedDecimal.parseRounding("0.000000015").value.description == "0.00000002")  // tie, even up
        #expect(try FixedDecimal.parseRounding("-0.000000025").value.description == "-0.00000002")
        #expect(try FixedDecimal.parseRounding("1515568500000.0").value.description == "1515568500000")
        #expect(try FixedDecimal.parseRounding("2.5E+3").value.description == "2500")
        #expect(throws: DecimalSyntaxError.outOfRange) { try FixedDecimal.parseRounding("1e40") }
    }

    @Test func buyAndSellProfitAndLoss() throws {
        let quantity = try FixedDecimal(exactly: "0.5")
        let entry = try FixedDecimal(exactly: "20000")
        let exit = try FixedDecimal(exactly: "21000.5")
        let longPnL = try exit.subtracting(entry).multiplied(by: quantity)
        #expect(longPnL.description == "500.25")
        let shortPnL = try entry.subtracting(exit).multiplied(by: quantity)
        #expect(shortPnL.description == "-500.25")
        #expect(try entry.subtracting(entry).multiplied(by: quantity) == .zero)
    }

    @Test func fractionalAndVeryLargeQuantities() throws {
        let tiny = try FixedDecimal(exactly: "0.00000001")
        let price = try FixedDecimal(exactly: "65000.12345678")
        #expect(try tiny.multiplied(by: price).description == "0.00065")  // 0.0006500012345678 rounds
        let huge = try FixedDecimal(exactly: "1000000000000")  // 1e12 notional
        #expect(try huge.multiplied(by: FixedDecimal(exactly: "1.5")).description == "1500000000000")
        // A product beyond 128-bit intermediates still works through the 256-bit path.
        let big = try FixedDecimal(exactly: "1000000000000000.5")  // 1e15 + 0.5
        #expect(try big.multiplied(by: big).description == "1000000000000001000000000000000.25")
    }

    @Test func overflowIsAnErrorNotACrash() throws {
        #expect(throws: ArithmeticError.overflow) { try FixedDecimal.max.adding(FixedDecimal(1)) }
        #expect(throws: ArithmeticError.overflow) { try FixedDecimal.min.subtracting(FixedDecimal(1)) }
        let big = try FixedDecimal(exactly: "100000000000000000000")  // 1e20: its square is beyond the range
        #expect(throws: ArithmeticError.overflow) { try big.multiplied(by: big) }
        #expect(throws: ArithmeticError.divisionByZero) { try big.divided(by: .zero) }
    }

    @Test func divisionRoundsHalfEven() throws {
        #expect(try FixedDecimal(1).divided(by: FixedDecimal(3)).description == "0.33333333")
        #expect(try FixedDecimal(2).divided(by: FixedDecimal(3)).description == "0.66666667")
        #expect(try FixedDecimal(-2).divided(by: FixedDecimal(3)).description == "-0.66666667")
    }

    /// Products between 2^63 and 10^8 × 2^64 units are scaled down by one hardware division; it must round exactly
    /// as the 128-bit library division does, ties and signs included.
    @Test func wideScalingMatchesTheLibraryDivision() throws {
        var generator = SystemRandomNumberGenerator()
        let limit = Int128(100_000_000) << 64
        var values: [Int128] = [
            Int128(Int64.max) + 1, limit - 1, -(limit - 1), Int128(Int64.max) * 3 + 50_000_000,
            Int128(150_000_000) << 63, (Int128(1) << 64) * 100_000_000 - 50_000_000,
        ]
        for _ in 0..<20_000 {
            let magnitude =
                Int128(UInt64.random(in: 0...UInt64(99_999_999), using: &generator)) << 64
                | Int128(UInt64.random(in: 0...UInt64.max, using: &generator))
            values.append(Bool.random(using: &generator) ? magnitude : -magnitude)
            // Ties: an odd and an even quotient with exactly half a unit left over.
            let tie = (magnitude / 100_000_000) * 100_000_000 + 50_000_000
            if tie < limit { values.append(tie) }
        }
        for value in values {
            let wide = try #require(FixedDecimal.scaleDownRoundingHalfEven(wide: value))
            #expect(wide == (try FixedDecimal.divideRoundingHalfEven(value, by: FixedDecimal.scale)), "\(value)")
        }
        #expect(FixedDecimal.scaleDownRoundingHalfEven(wide: limit) == nil)
        #expect(FixedDecimal.scaleDownRoundingHalfEven(wide: -limit) == nil)
    }

    @Test func notionalsAboveSixtyFourBitsStayExact() throws {
        // 1,000 × 1.00000001 and 20,000 × 60,000.5: products of units beyond Int64.
        #expect(try FixedDecimal(1_000).multiplied(by: FixedDecimal(exactly: "1.00000001")).description == "1000.00001")
        #expect(try FixedDecimal(20_000).multiplied(by: FixedDecimal(exactly: "60000.5")).description == "1200010000")
        #expect(
            try FixedDecimal(exactly: "-123456.78901234").multiplied(by: FixedDecimal(exactly: "98765.4321"))
                .description
                == "-12193263112.48229233"
        )
    }

    /// The text as `description` wrote it before it wrote on the stack (128-bit division and string appends).
    static func referenceText(_ value: FixedDecimal) -> String {
        let magnitude = value.units.magnitude
        let whole = magnitude / UInt128(FixedDecimal.scale)
        var fraction = magnitude % UInt128(FixedDecimal.scale)
        var text = value.units < 0 ? "-" : ""
        text += String(whole)
        if fraction != 0 {
            var digits = FixedDecimal.fractionDigits
            while fraction % 10 == 0 {
                fraction /= 10
                digits -= 1
            }
            let fractionText = String(fraction)
            text += "." + String(repeating: "0", count: digits - fractionText.count) + fractionText
        }
        return text
    }

    @Test func textWrittenOnTheStackMatchesTheReferenceAtEveryMagnitude() {
        var values: [Int128] = [
            0, 1, -1, 9, 10, 99_999_999, 100_000_000, 100_000_001, -100_000_000, .max, .min, .max - 1,
        ]
        values += [Int128(UInt64.max), Int128(UInt64.max) + 1, Int128(UInt64.max) - 1, -Int128(UInt64.max) - 1]
        // Every power of ten and its neighbours, and every digit count of the fraction.
        var power: Int128 = 1
        for _ in 0..<38 {
            values += [power, power - 1, power + 1, -power, power * 3 + 7]
            if power > Int128.max / 10 { break }
            power *= 10
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            values.append(Int128(Int64.random(in: .min ... .max, using: &generator)))
            values.append(Int128(Int64.random(in: -1_000_000_000...1_000_000_000, using: &generator)))
            values.append(Int128.random(in: .min ... .max, using: &generator))
        }
        for units in values {
            let value = FixedDecimal(units: units)
            #expect(value.description == Self.referenceText(value), "units \(units)")
        }
        #expect(FixedDecimal.max.description.utf8.count <= FixedDecimal.textCapacity)
        #expect(FixedDecimal(units: .min).description.utf8.count <= FixedDecimal.textCapacity)
    }

    @Test func productsOfSixtyFourBitFactorsMatchTheGeneralPath() throws {
        var generator = SystemRandomNumberGenerator()
        let one = FixedDecimal(1)
        var pairs: [(Int64, Int64)] = [
            (.max, .max), (.min, .max), (.min, .min), (1, 1), (-1, 1), (50_000_000, 1), (150_000_000, 1),
        ]
        for _ in 0..<50_000 {
            pairs.append(
                (Int64.random(in: .min ... .max, using: &generator), Int64.random(in: .min ... .max, using: &generator))
            )
            pairs.append(
                (
                    Int64.random(in: -1 << 40...1 << 40, using: &generator),
                    Int64.random(in: -1 << 40...1 << 40, using: &generator)
                )
            )
            // Exact halves, where half-even rounding decides.
            pairs.append((Int64.random(in: -1_000_000...1_000_000, using: &generator) * 2 + 1, 50_000_000))
        }
        for (a, b) in pairs {
            let x = FixedDecimal(units: Int128(a))
            let y = FixedDecimal(units: Int128(b))
            #expect(try x.multiplied(by: y) == x.multiplied(by: y, dividedBy: one), "\(a) x \(b)")
        }
    }
}

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

    /// `a × b / c` past 128 bits: the quotients Python's integers give, rounded half-even (the last four are exact
    /// ties, `2 × (|a × b| mod |c|) == |c|`); random magnitudes and signs.
    @Test(arguments: [
        (
            "-1112249295113638040513300499735917", "1058495232052461277060745334",
            "80946919535331866709211429903003437246", "-14544229508543830430813"
        ),
        (
            "184071059446301880614023815788947", "1102237669800342936044949855",
            "-164145031041286056097836855156012318703", "-1236041410176716910283"
        ),
        (
            "843828700680275156831710636111766", "1029596738162725288344377510",
            "149650225620337412572985808014263782432", "5805559424899603317448"
        ),
        (
            "-602274911371117841377688280928805", "1042874272449686504185701816",
            "-50047296555984345880453299286436088426", "12550068699679842910193"
        ),
        (
            "-593584127061761248109514644590246", "682436411519934917905655474",
            "128965323809147280314812859448890750181", "-3141025894733492628485"
        ),
        (
            "91114744082369508980815827855482", "-1048019761435457582377507345",
            "2873764145077660371635124425058350264", "-33228214820627580688628"
        ),
        (
            "1181603035421875802527228808924127", "-1213625577315339182393071112",
            "107096203495748844390953920535586238881", "-13390051367024923403021"
        ),
        (
            "437281602741699120247147804261583", "-18754183645565082300804926",
            "22900403148148431558381385366648959026", "-358109830189077948824"
        ),
        (
            "426146222648460157234332689825", "781309683433501574", "1008691341766854722867949387594811700",
            "330083303512"
        ),
        (
            "-1028962954591283904114200221350", "1031695692400392127", "2102382151382576678102390795318067100",
            "-504939906950"
        ),
        (
            "697528812716347701500775585342", "927116230085433730", "1645655739618029596846130983751957560",
            "392968144948"
        ),
        (
            "470333508704626301830164808263", "745200735892987972", "931512485707283082535618501044220264",
            "376262135162"
        ),
    ])
    func sharesPastOneHundredTwentyEightBitsAreExact(a: String, b: String, c: String, quotient: String) throws {
        let (a, b, c) = (Int128(a)!, Int128(b)!, Int128(c)!)
        #expect(a.multipliedReportingOverflow(by: b).overflow)
        let share = try FixedDecimal(units: a).multiplied(by: FixedDecimal(units: b), dividedBy: FixedDecimal(units: c))
        #expect(share.units == Int128(quotient)!)
    }

    /// Where the 128-bit product fits, the wide path answers as the narrow one does, rounding included.
    @Test func theWidePathAgreesWithTheNarrowOne() throws {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next() -> Int128 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int128(Int64(bitPattern: state) >> Int(state % 40))
        }
        for _ in 0..<20_000 {
            let (a, b, c) = (next(), next(), next())
            guard c != 0, case (let product, false) = a.multipliedReportingOverflow(by: b) else { continue }
            #expect(
                try FixedDecimal.wideProduct(a, b, dividedBy: c) == FixedDecimal.divideRoundingHalfEven(product, by: c)
            )
        }
    }

    @Test func aQuotientPastTheRangeIsAnOverflowNotATrap() throws {
        let large = FixedDecimal(units: Int128.max / 2)
        #expect(throws: ArithmeticError.overflow) { try large.multiplied(by: large, dividedBy: FixedDecimal(units: 3)) }
        #expect(throws: ArithmeticError.overflow) { try large.divided(by: FixedDecimal(units: 1)) }
        #expect(throws: ArithmeticError.divisionByZero) { try large.multiplied(by: large, dividedBy: .zero) }
        // A large position's cash shared out exactly: 10^18 quote units × 10^14 / 10^14 (past 128 bits in between).
        let cash = try FixedDecimal(exactly: "1000000000000000000")
        let held = try FixedDecimal(exactly: "100000000000000")
        #expect(try cash.multiplied(by: held, dividedBy: held) == cash)
        #expect(
            try cash.divided(by: try FixedDecimal(exactly: "0.5")) == (try FixedDecimal(exactly: "2000000000000000000"))
        )
    }

    /// `a × b` against `c × d` past 128 bits: the order Python's integers give (equal products, products one factor
    /// apart, and random ones, with every mix of signs).
    @Test(arguments: [
        (
            "385365382256699514377148051260438540", "-563256879293579003001952379076551130",
            "-563256879293579003001952379076551130", "385365382256699514377148051260438540", 0
        ),
        (
            "964958781840844902119820135238981902", "-293811382774523643956119395663815828",
            "964958781840844902119820135238981902", "-293811382774523643956119395663815827", -1
        ),
        (
            "-943762780487984826124626798204174119", "-834310938320903937227930451186216662",
            "273324805640799557079887926249598830", "228535033776373615683589118264134655", 1
        ),
        (
            "-751717943872999768424098435841530518", "-877997724941857674292878857106335363",
            "-877997724941857674292878857106335363", "-751717943872999768424098435841530518", 0
        ),
        (
            "630142364265032067338553442379443971", "-1052071529873299588137324295163033152",
            "630142364265032067338553442379443971", "-1052071529873299588137324295163033151", -1
        ),
        (
            "-709258368561175317804816225919399807", "260007459675995173176760835244155814",
            "-51751077235175844823657095550428201", "-1090848461802297392622464783436349142", -1
        ),
        (
            "-383461446442285670060839477724213027", "729737523574240075811929181510469325",
            "729737523574240075811929181510469325", "-383461446442285670060839477724213027", 0
        ),
        (
            "823659075884123806005843451626108782", "655328364435169154491874504994151033",
            "823659075884123806005843451626108782", "655328364435169154491874504994151032", 1
        ),
        (
            "990692309948473830286637614437270388", "597239887077098491155441492083480270",
            "522894179802701586043419616156369574", "913452560943149935737172740527762020", 1
        ),
        (
            "984354444073609251597559085350174033", "591610632717113588989075948103102320",
            "591610632717113588989075948103102320", "984354444073609251597559085350174033", 0
        ),
    ])
    func productsPastOneHundredTwentyEightBitsCompareExactly(a: String, b: String, c: String, d: String, order: Int) {
        let (a, b, c, d) = (Int128(a)!, Int128(b)!, Int128(c)!, Int128(d)!)
        #expect(a.multipliedReportingOverflow(by: b).overflow)
        let units = (FixedDecimal(units: a), FixedDecimal(units: b), FixedDecimal(units: c), FixedDecimal(units: d))
        #expect(FixedDecimal.compareProducts(units.0, units.1, units.2, units.3) == order)
        #expect(FixedDecimal.compareProducts(units.2, units.3, units.0, units.1) == -order)
        // Zero against anything: the sign of the other product decides.
        #expect(FixedDecimal.compareProducts(.zero, units.1, units.2, units.3) == -(c.signum() * d.signum()).signum())
    }
}

/// An exact signed decimal with eight fractional digits, stored as a 128-bit count of 1e-8 units.
///
/// Money, prices and quantities are all `FixedDecimal`. Arithmetic is checked: every operation that can
/// leave the representable range throws `ArithmeticError` instead of trapping, and products and quotients
/// round half-even to eight decimals.
public struct FixedDecimal: Sendable, Hashable, Comparable {
    /// Number of fractional decimal digits.
    public static let fractionDigits = 8
    /// Units per whole: 10^8.
    public static let scale: Int128 = 100_000_000
    /// Zero.
    public static let zero = FixedDecimal(units: 0)
    /// The largest value: about 1.7e30, far above any notional (1e12) the engine handles.
    public static let max = FixedDecimal(units: .max)
    /// The smallest value.
    public static let min = FixedDecimal(units: .min + 1)

    /// The value in 1e-8 units.
    public let units: Int128

    /// Creates a value from a count of 1e-8 units.
    @inlinable public init(units: Int128) { self.units = units }

    /// Creates an exact whole-number value.
    @inlinable public init(_ integer: Int) { self.units = Int128(integer) * Self.scale }

    /// True when the value is zero.
    @inlinable public var isZero: Bool { units == 0 }
    /// True when the value is below zero.
    @inlinable public var isNegative: Bool { units < 0 }
    /// True when the value is above zero.
    @inlinable public var isPositive: Bool { units > 0 }
    /// The absolute value.
    @inlinable public var magnitude: FixedDecimal { FixedDecimal(units: units < 0 ? -units : units) }

    @inlinable public static func < (lhs: FixedDecimal, rhs: FixedDecimal) -> Bool { lhs.units < rhs.units }

    /// `self + other`, or an overflow error.
    @inlinable public func adding(_ other: FixedDecimal) throws(ArithmeticError) -> FixedDecimal {
        let (sum, overflow) = units.addingReportingOverflow(other.units)
        if overflow || sum == .min { throw ArithmeticError.overflow }
        return FixedDecimal(units: sum)
    }

    /// `self - other`, or an overflow error.
    @inlinable public func subtracting(_ other: FixedDecimal) throws(ArithmeticError) -> FixedDecimal {
        let (difference, overflow) = units.subtractingReportingOverflow(other.units)
        if overflow || difference == .min { throw ArithmeticError.overflow }
        return FixedDecimal(units: difference)
    }

    /// `-self` (never overflows: `.min` is excluded from the range).
    @inlinable public var negated: FixedDecimal { FixedDecimal(units: -units) }

    /// `self × other`, rounded half-even to eight decimals, or an overflow error.
    @inlinable public func multiplied(by other: FixedDecimal) throws(ArithmeticError) -> FixedDecimal {
        // Factors that fit 64 bits (every realistic quantity and price): one hardware multiply, no overflow possible.
        if let a = Int64(exactly: units), let b = Int64(exactly: other.units) {
            let (high, low) = a.multipliedFullWidth(by: b)
            return try Self.scaledDown(Int128(high) << 64 | Int128(low))
        }
        let (product, overflow) = units.multipliedReportingOverflow(by: other.units)
        if !overflow { return try Self.scaledDown(product) }
        return FixedDecimal(units: try Self.wideProduct(units, other.units, dividedBy: Self.scale))
    }

    /// A product of units scaled back to eight decimals, rounded half-even: most products fit 64 bits, where
    /// division by the constant scale is a multiply, and nearly all the rest one 128-by-64-bit division.
    @inlinable @inline(__always) static func scaledDown(_ product: Int128) throws(ArithmeticError) -> FixedDecimal {
        if let small = Int64(exactly: product) { return FixedDecimal(units: Int128(scaleDownRoundingHalfEven(small))) }
        if let scaled = scaleDownRoundingHalfEven(wide: product) { return FixedDecimal(units: scaled) }
        return FixedDecimal(units: try divideRoundingHalfEven(product, by: scale))
    }

    /// `value / 10^8` rounded half-even, for 64-bit values.
    @inlinable @inline(__always) static func scaleDownRoundingHalfEven(_ value: Int64) -> Int64 {
        let (quotient, remainder) = value.quotientAndRemainder(dividingBy: 100_000_000)
        let twice = remainder.magnitude &* 2
        if twice > 100_000_000 || (twice == 100_000_000 && quotient & 1 != 0) {
            return value < 0 ? quotient &- 1 : quotient &+ 1
        }
        return quotient
    }

    /// `value / 10^8` rounded half-even with one 128-by-64-bit division, for values below 10^8 × 2^64 (whole amounts
    /// up to ~1.8e19: every notional); nil above, where the signed 128-bit division takes over. (It compiles to a
    /// call of `__udivti3`, which divides with one hardware `div` here; a long division in 32-bit limbs, each step
    /// a multiplication, took 6 instructions more.)
    @inlinable @inline(__always) static func scaleDownRoundingHalfEven(wide value: Int128) -> Int128? {
        let magnitude = value.magnitude
        let high = UInt64(truncatingIfNeeded: magnitude >> 64)
        guard high < 100_000_000 else { return nil }
        let (quotient, remainder) = UInt64(100_000_000).dividingFullWidth(
            (high: high, low: UInt64(truncatingIfNeeded: magnitude))
        )
        let twice = remainder &* 2
        var rounded = UInt128(quotient)
        if twice > 100_000_000 || (twice == 100_000_000 && quotient & 1 != 0) { rounded &+= 1 }
        // rounded ≤ 2^64, far inside Int128.
        return value < 0 ? -Int128(rounded) : Int128(rounded)
    }

    /// Compares `a × b` with `c × d` exactly (no rounding, whatever their size): -1, 0 or 1.
    ///
    /// Checks use it to compare against percentages and notionals without dividing.
    @inlinable @inline(__always) public static func compareProducts(
        _ a: FixedDecimal,
        _ b: FixedDecimal,
        _ c: FixedDecimal,
        _ d: FixedDecimal
    ) -> Int {
        // Each product on its own, so one wide factor (a large notional limit) leaves the other product on the
        // fast path.
        let (left, leftOverflow) = product(a.units, b.units)
        let (right, rightOverflow) = product(c.units, d.units)
        if leftOverflow || rightOverflow { return compareWideProducts(a.units, b.units, c.units, d.units) }
        return left < right ? -1 : (left == right ? 0 : 1)
    }

    /// `x × y` and whether it overflowed 128 bits: factors that fit 64 bits multiply in one instruction, and their
    /// product cannot overflow.
    @inlinable @inline(__always) static func product(_ x: Int128, _ y: Int128) -> (Int128, overflow: Bool) {
        if let x = Int64(exactly: x), let y = Int64(exactly: y) {
            let (high, low) = x.multipliedFullWidth(by: y)
            return (Int128(high) << 64 | Int128(low), false)
        }
        return x.multipliedReportingOverflow(by: y)
    }

    /// `compareProducts` for products past 128 bits: signs first, then the 256-bit magnitudes.
    @usableFromInline @inline(never) static func compareWideProducts(
        _ a: Int128,
        _ b: Int128,
        _ c: Int128,
        _ d: Int128
    ) -> Int {
        let leftSign = a.signum() * b.signum()
        let rightSign = c.signum() * d.signum()
        if leftSign != rightSign { return leftSign < rightSign ? -1 : 1 }
        if leftSign == 0 { return 0 }
        let left = a.magnitude.multipliedFullWidth(by: b.magnitude)
        let right = c.magnitude.multipliedFullWidth(by: d.magnitude)
        let (leftWide, rightWide) = ((left.high, left.low), (right.high, right.low))
        let magnitudes = leftWide < rightWide ? -1 : (leftWide == rightWide ? 0 : 1)
        return leftSign > 0 ? magnitudes : -magnitudes
    }

    /// `self × numerator / denominator` with one rounding (half-even) at the end, or an error.
    public func multiplied(
        by numerator: FixedDecimal,
        dividedBy denominator: FixedDecimal
    ) throws(ArithmeticError)
        -> FixedDecimal
    {
        if denominator.units == 0 { throw ArithmeticError.divisionByZero }
        let (product, overflow) = units.multipliedReportingOverflow(by: numerator.units)
        if !overflow { return FixedDecimal(units: try Self.divideRoundingHalfEven(product, by: denominator.units)) }
        // A product past 128 bits whose quotient may still fit (a share of a large position's cash, say).
        return FixedDecimal(units: try Self.wideProduct(units, numerator.units, dividedBy: denominator.units))
    }

    /// `self / other`, rounded half-even to eight decimals, or an error.
    public func divided(by other: FixedDecimal) throws(ArithmeticError) -> FixedDecimal {
        if other.units == 0 { throw ArithmeticError.divisionByZero }
        let (scaled, overflow) = units.multipliedReportingOverflow(by: Self.scale)
        if !overflow { return FixedDecimal(units: try Self.divideRoundingHalfEven(scaled, by: other.units)) }
        return FixedDecimal(units: try Self.wideProduct(units, Self.scale, dividedBy: other.units))
    }

    /// Integer division of `dividend` by `divisor`, rounding the quotient half-even.
    @inlinable static func divideRoundingHalfEven(
        _ dividend: Int128,
        by divisor: Int128
    ) throws(ArithmeticError)
        -> Int128
    {
        if divisor == -1 && dividend == .min { throw ArithmeticError.overflow }
        let (quotient, remainder) = dividend.quotientAndRemainder(dividingBy: divisor)
        if remainder == 0 { return quotient }
        let twiceRemainder = remainder.magnitude &* 2  // |remainder| < |divisor| ≤ 2^127, fits UInt128
        let divisorMagnitude = divisor.magnitude
        let negative = (dividend < 0) != (divisor < 0)
        let roundAway = twiceRemainder > divisorMagnitude || (twiceRemainder == divisorMagnitude && quotient & 1 != 0)
        guard roundAway else { return quotient }
        let (rounded, overflow) =
            negative ? quotient.subtractingReportingOverflow(1) : quotient.addingReportingOverflow(1)
        if overflow { throw ArithmeticError.overflow }
        return rounded
    }

    /// `a × b / c` rounded half-even, through a 256-bit intermediate: exact whenever the quotient fits, however
    /// large the product (an overflow error otherwise, never a trap).
    @usableFromInline static func wideProduct(
        _ a: Int128,
        _ b: Int128,
        dividedBy c: Int128
    ) throws(ArithmeticError) -> Int128 {
        if c == 0 { throw ArithmeticError.divisionByZero }
        let negative = ((a < 0) != (b < 0)) != (c < 0)
        let product = a.magnitude.multipliedFullWidth(by: b.magnitude)
        let divisor = c.magnitude
        // The quotient fits in UInt128 only when the high half is below the divisor.
        guard product.high < divisor else { throw ArithmeticError.overflow }
        let (quotient, remainder) = divisor.dividingFullWidth(product)
        var magnitude = quotient
        // remainder < divisor ≤ 2^127: twice it fits in UInt128.
        let twice = remainder &* 2
        if twice > divisor || (twice == divisor && quotient & 1 != 0) {
            let (bumped, overflow) = magnitude.addingReportingOverflow(1)
            if overflow { throw ArithmeticError.overflow }
            magnitude = bumped
        }
        guard magnitude <= UInt128(Int128.max) else { throw ArithmeticError.overflow }
        return negative ? -Int128(magnitude) : Int128(magnitude)
    }
}

/// Why a fixed-point operation could not produce a value.
public enum ArithmeticError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The result is outside the representable range.
    case overflow
    /// A division by zero.
    case divisionByZero

    public var description: String {
        switch self {
        case .overflow: "arithmetic overflow"
        case .divisionByZero: "division by zero"
        }
    }
}

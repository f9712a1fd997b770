/// A percentage as operators write it (`5%` is stored as 5), applied exactly to amounts.
public struct Percent: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The number before the `%` sign.
    public var value: FixedDecimal

    /// Creates a percentage from the number before the `%` sign.
    public init(_ value: FixedDecimal) { self.value = value }

    /// `amount × value / 100`, rounded half-even once.
    @inlinable public func of(_ amount: FixedDecimal) throws(ArithmeticError) -> FixedDecimal {
        try amount.multiplied(by: value, dividedBy: FixedDecimal(100))
    }

    /// The ratio in 0…1 terms (`5%` → `0.05`), rounded half-even to eight decimals.
    public var ratio: FixedDecimal {
        (try? value.multiplied(by: FixedDecimal(1), dividedBy: FixedDecimal(100))) ?? .zero
    }

    public static func < (lhs: Percent, rhs: Percent) -> Bool { lhs.value < rhs.value }

    /// `5%`.
    public var description: String { "\(value)%" }
}

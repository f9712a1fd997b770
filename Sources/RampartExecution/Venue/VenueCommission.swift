public import RampartRules

/// A commission in one asset.
public struct VenueCommission: Sendable, Hashable {
    /// The asset, such as `BNB`.
    public var asset: String
    /// The amount.
    public var amount: FixedDecimal

    /// Creates a commission.
    public init(asset: String, amount: FixedDecimal) {
        self.asset = asset
        self.amount = amount
    }
}

/// One account a profile declares (DESIGN §8): `account:` declares `default`, `accounts:` any number by name.
public struct AccountSpec: Sendable, Hashable {
    /// The account's name, as orders give it in `account`.
    public var name: String
    /// Its equity before any trade.
    public var startingBalance: FixedDecimal
    /// Spot or margin.
    public var type: AccountType
    /// The quote currency of its money limits, if given.
    public var currency: String?
    /// Where it is declared.
    public var location: SourceLocation

    /// Creates a declaration.
    public init(
        name: String,
        startingBalance: FixedDecimal,
        type: AccountType = .spot,
        currency: String? = nil,
        location: SourceLocation
    ) {
        self.name = name
        self.startingBalance = startingBalance
        self.type = type
        self.currency = currency
        self.location = location
    }
}

/// Whether an account may go short (DESIGN §2): `account.type` in a profile.
public enum AccountType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Spot (the default): a sell larger than the bot's held quantity is invalid (`no_short`).
    case spot
    /// Margin: sells may open or grow a short position.
    case margin

    public var description: String { rawValue }
}

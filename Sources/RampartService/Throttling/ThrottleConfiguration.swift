public import RampartRules

/// How `rampart serve` throttles (DESIGN §9): failed authentications per client address, and requests per token.
public struct ThrottleConfiguration: Sendable, Hashable {
    /// Failed authentications one client address may make (`5/1m`: 5 in a row, then one every 12 s); nil: no limit.
    public var authFailureRate: Rate?
    /// Requests one token may make (`1000/1s`: a burst of 1,000, then 1,000 a second); nil: no limit.
    public var tokenRate: Rate?
    /// Client addresses tracked at once; a new address that fails while every slot holds a bucket still refilling
    /// is answered 429 (fail closed).
    public var trackedAddresses: Int
    /// Tokens tracked at once; a token beyond them is answered 429 (fail closed). There are far fewer tokens.
    public var trackedTokens: Int

    /// `--auth-failure-rate`'s default: 5 failed authentications per minute per client address.
    public static let defaultAuthFailureRate = Rate(count: 5, window: TimeSpan(nanoseconds: 60_000_000_000))
    /// `--token-rate`'s default: 1,000 requests a second per token, far above any bot's pace.
    public static let defaultTokenRate = Rate(count: 1_000, window: TimeSpan(nanoseconds: 1_000_000_000))

    /// The defaults `rampart serve` runs with.
    public static let standard = ThrottleConfiguration()
    /// No throttling at all.
    public static let off = ThrottleConfiguration(authFailureRate: nil, tokenRate: nil)

    /// Creates a configuration; the defaults are `rampart serve`'s.
    public init(
        authFailureRate: Rate? = Self.defaultAuthFailureRate,
        tokenRate: Rate? = Self.defaultTokenRate,
        trackedAddresses: Int = 4_096,
        trackedTokens: Int = 4_096
    ) {
        self.authFailureRate = authFailureRate
        self.tokenRate = tokenRate
        self.trackedAddresses = trackedAddresses
        self.trackedTokens = trackedTokens
    }
}

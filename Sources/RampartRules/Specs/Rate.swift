/// A rate limit window: at most `count` events in any window of `window`.
public struct Rate: Sendable, Hashable, CustomStringConvertible {
    /// Events allowed per window.
    public var count: Int

    /// The largest count a window may allow: each bot keeps a ring of one timestamp per allowed event, sized by
    /// the largest count in the profile, so 100,000 is 800 KB per bot.
    public static let maximumCount = 100_000
    /// Window length.
    public var window: TimeSpan

    /// Creates a rate.
    public init(count: Int, window: TimeSpan) {
        self.count = count
        self.window = window
    }

    /// `30/1m`.
    public var description: String { "\(count)/\(window)" }

    /// True when this window is at least as strict as `other` (fewer events in a longer or equal window).
    public func isAtLeastAsStrict(as other: Rate) -> Bool { count <= other.count && window >= other.window }
}

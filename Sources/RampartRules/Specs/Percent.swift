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

/// The `loss_streak` limit: after `losses` losing trades in a row, no entries for `cooldown`.
public struct LossStreak: Sendable, Hashable, CustomStringConvertible {
    /// Consecutive losing trades that start the cooldown.
    public var losses: Int
    /// How long entries are refused after the last of them.
    public var cooldown: TimeSpan

    /// Creates a loss-streak limit.
    public init(losses: Int, cooldown: TimeSpan) {
        self.losses = losses
        self.cooldown = cooldown
    }

    /// `{ losses: 3, cooldown: 2h }`.
    public var description: String { "{ losses: \(losses), cooldown: \(cooldown) }" }
}

/// The `symbols` limit: glob lists of denied and allowed symbols.
public struct SymbolFilter: Sendable, Hashable, CustomStringConvertible {
    /// Symbols matching any of these are denied.
    public var deny: [Glob]
    /// When non-nil, a symbol must match one of these.
    public var allow: [Glob]?

    /// Creates a filter.
    public init(deny: [Glob] = [], allow: [Glob]? = nil) {
        self.deny = deny
        self.allow = allow
    }

    /// Whether an order in `symbol` passes the filter.
    public func admits(_ symbol: String) -> Bool {
        if deny.contains(where: { $0.matches(symbol) }) { return false }
        if let allow { return allow.contains(where: { $0.matches(symbol) }) }
        return true
    }

    /// `{ deny: [...], allow: [...] }`.
    public var description: String {
        var parts = ["deny: [\(deny.map { "\"\($0)\"" }.joined(separator: ", "))]"]
        if let allow { parts.append("allow: [\(allow.map { "\"\($0)\"" }.joined(separator: ", "))]") }
        return "{ " + parts.joined(separator: ", ") + " }"
    }
}

/// A `*` wildcard pattern over bot names and symbols; `*` matches any run of characters, including none.
public struct Glob: Sendable, Hashable, CustomStringConvertible {
    /// The pattern text.
    public let pattern: String
    private let parts: [Substring]

    /// Creates a glob; nil for the empty pattern.
    public init?(_ pattern: String) {
        guard !pattern.isEmpty else { return nil }
        self.pattern = pattern
        self.parts = pattern.split(separator: "*", omittingEmptySubsequences: false)
    }

    /// Whether `text` matches the whole pattern.
    public func matches(_ text: String) -> Bool {
        if parts.count == 1 { return text == pattern }
        var rest = Substring(text)
        guard let first = parts.first, rest.hasPrefix(first) else { return false }
        rest = rest.dropFirst(first.count)
        for middle in parts.dropFirst().dropLast() where !middle.isEmpty {
            guard let range = rest.firstRange(of: middle) else { return false }
            rest = rest[range.upperBound...]
        }
        guard let last = parts.last else { return true }
        return rest.hasSuffix(last)
    }

    public var description: String { pattern }
}

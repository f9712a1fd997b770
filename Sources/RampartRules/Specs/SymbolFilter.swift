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

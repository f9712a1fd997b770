/// A node of a loaded YAML document; every node keeps where it starts.
public struct YAMLNode: Sendable, Hashable {
    /// How a scalar was written in the source.
    public enum ScalarStyle: Sendable, Hashable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    /// What a node holds.
    public enum Kind: Sendable, Hashable {
        /// Uninterpreted scalar text and the style it was written in.
        case scalar(String, ScalarStyle)
        /// Mapping entries in document order (keys are unique).
        case mapping([YAMLPair])
        /// Sequence items in document order.
        case sequence([YAMLNode])
    }

    /// What this node holds.
    public var kind: Kind
    /// Where the node starts.
    public var mark: YAMLMark
    /// Where the node ends.
    public var endMark: YAMLMark

    /// Creates a node from its kind and source range.
    public init(kind: Kind, mark: YAMLMark, endMark: YAMLMark) {
        self.kind = kind
        self.mark = mark
        self.endMark = endMark
    }

    /// The scalar text, or nil if this is not a scalar.
    public var scalar: String? {
        if case .scalar(let text, _) = kind { return text }
        return nil
    }

    /// The scalar style, or nil if this is not a scalar.
    public var scalarStyle: ScalarStyle? {
        if case .scalar(_, let style) = kind { return style }
        return nil
    }

    /// True for a plain scalar spelled as YAML null: empty, `~`, `null`, `Null` or `NULL`.
    public var isPlainNull: Bool {
        guard case .scalar(let text, .plain) = kind else { return false }
        return text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
    }

    /// The mapping entries, or nil if this is not a mapping.
    public var mapping: [YAMLPair]? {
        if case .mapping(let pairs) = kind { return pairs }
        return nil
    }

    /// The sequence items, or nil if this is not a sequence.
    public var sequence: [YAMLNode]? {
        if case .sequence(let items) = kind { return items }
        return nil
    }

    /// The entry with the given key, or nil if absent or if this is not a mapping.
    public func value(forKey key: String) -> YAMLPair? {
        mapping?.first { $0.key == key }
    }
}

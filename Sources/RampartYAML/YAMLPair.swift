/// One key/value entry of a YAML mapping, with where its key was written.
public struct YAMLPair: Sendable, Hashable {
    /// The key text (keys are always scalars).
    public var key: String
    /// Where the key starts.
    public var keyMark: YAMLMark
    /// The value node.
    public var value: YAMLNode

    /// Creates a pair from a key, its mark and a value.
    public init(key: String, keyMark: YAMLMark, value: YAMLNode) {
        self.key = key
        self.keyMark = keyMark
        self.value = value
    }
}

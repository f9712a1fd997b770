import RampartYAML

/// Loads YAML text as `test.yaml`.
func load(_ text: String) throws(YAMLError) -> YAMLNode {
    try YAMLLoader.load(bytes: Array(text.utf8), file: "test.yaml")
}

/// The error loading YAML bytes produces, or nil if they load.
func loadError(bytes: [UInt8]) -> YAMLError? {
    do {
        _ = try YAMLLoader.load(bytes: bytes, file: "test.yaml")
        return nil
    } catch {
        return error
    }
}

/// The error loading YAML text produces, or nil if it loads.
func loadError(_ text: String) -> YAMLError? {
    loadError(bytes: Array(text.utf8))
}

/// Shorthand for a mark.
func at(_ line: Int, _ column: Int) -> YAMLMark {
    YAMLMark(line: line, column: column)
}

/// Path helpers for profile and pack files.
enum FileName {
    /// The last path component without a `.yaml` or `.yml` extension: `profiles/paper.yaml` → `paper`.
    static func stem(of path: String) -> String {
        let name = path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? path
        for suffix in [".yaml", ".yml"] where name.hasSuffix(suffix) && name.count > suffix.count {
            return String(name.dropLast(suffix.count))
        }
        return name
    }

    /// `directory/name.yaml`, without a doubled slash.
    static func path(of name: String, in directory: String) -> String {
        directory.hasSuffix("/") ? "\(directory)\(name).yaml" : "\(directory)/\(name).yaml"
    }

    /// The last path component.
    static func lastComponent(of path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}

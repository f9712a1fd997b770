import RampartRules
import RampartYAML

/// One load: reads each file once, keeps its bytes for the content hash, and collects diagnostics.
struct LoadingSession {
    let rulesDirectory: String
    let profilesDirectory: String
    /// The bytes of every file read, by path as given.
    private(set) var sources: [String: [UInt8]] = [:]
    private var nodes: [String: YAMLNode] = [:]
    private var packs: [String: RulePackSpec] = [:]
    /// Everything found so far.
    var diagnostics: [Diagnostic] = []

    init(rulesDirectory: String, profilesDirectory: String) {
        self.rulesDirectory = rulesDirectory
        self.profilesDirectory = profilesDirectory
    }

    /// Whether any error was reported.
    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    mutating func report(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    /// The YAML tree of `path`, or nil after reporting why it cannot be read or parsed.
    ///
    /// When the file does not exist and `reference` says who named it, the error is reported there instead.
    mutating func node(at path: String, reference: (message: String, location: SourceLocation)? = nil) -> YAMLNode? {
        if let node = nodes[path] { return node }
        if sources[path] != nil { return nil }  // read before and failed to parse: already reported
        let bytes: [UInt8]
        do {
            bytes = try SourceFiles.bytes(atPath: path, limit: YAMLLoader.maxFileSize)
        } catch {
            if error.isMissing, let reference {
                report(Diagnostic(.error, reference.message, at: reference.location))
            } else {
                report(Diagnostic(.error, "cannot open file: \(error.reason)", at: Self.start(of: path)))
            }
            return nil
        }
        sources[path] = bytes
        do {
            let node = try YAMLLoader.load(bytes: bytes, file: path)
            nodes[path] = node
            return node
        } catch {
            report(Self.diagnostic(for: error))
            return nil
        }
    }

    /// The rule pack at `path`, decoded once per session.
    mutating func pack(at path: String, reference: (message: String, location: SourceLocation)? = nil) -> RulePackSpec?
    {
        if let pack = packs[path] { return pack }
        guard let root = node(at: path, reference: reference) else { return nil }
        let (pack, found) = RulePackDecoder.decode(root, file: path)
        diagnostics += found
        if let pack { packs[path] = pack }
        return pack
    }

    /// `file:1:1`.
    static func start(of path: String) -> SourceLocation { SourceLocation(file: path, line: 1, column: 1) }

    /// A `YAMLError` as a diagnostic; its note becomes a diagnostic note.
    static func diagnostic(for error: YAMLError) -> Diagnostic {
        func location(_ mark: YAMLMark) -> SourceLocation {
            SourceLocation(file: error.file, line: mark.line, column: mark.column)
        }
        let notes = error.note.map { [Diagnostic.Note($0.message, at: location($0.mark))] } ?? []
        return Diagnostic(.error, error.message, at: location(error.mark), notes: notes)
    }

    /// " did you mean" hint among the stems of the YAML files in `directory`.
    static func nameHint(for name: String, in directory: String) -> String {
        let names = (SourceFiles.yamlFiles(in: directory) ?? []).map { FileName.stem(of: $0) }
        return KeySuggestion.hint(for: name, among: names)
    }

    /// Diagnostics without repeats, sorted by file, line, column and message.
    static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var seen: Set<Diagnostic> = []
        return diagnostics.filter { seen.insert($0).inserted }
            .sorted { lhs, rhs in
                (lhs.location.file, lhs.location.line, lhs.location.column, lhs.message)
                    < (rhs.location.file, rhs.location.line, rhs.location.column, rhs.message)
            }
    }
}

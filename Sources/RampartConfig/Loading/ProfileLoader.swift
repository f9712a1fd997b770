public import RampartRules
import RampartYAML

/// Loads rule packs and profiles from the two directories, and compiles profiles.
public struct ProfileLoader: Sendable {
    /// Where rule packs live (`rules/NAME.yaml`).
    public var rulesDirectory: String
    /// Where profiles live (`profiles/NAME.yaml`); `extends` parents are always looked up here.
    public var profilesDirectory: String

    /// Creates a loader over the two directories.
    public init(rulesDirectory: String = "rules", profilesDirectory: String = "profiles") {
        self.rulesDirectory = rulesDirectory
        self.profilesDirectory = profilesDirectory
    }

    /// Loads and checks the rule pack file at `path`.
    public func loadPack(at path: String) throws(DiagnosticError) -> RulePackSpec {
        var session = makeSession()
        let pack = session.pack(at: path)
        guard let pack, !session.hasErrors else { throw DiagnosticError(LoadingSession.sorted(session.diagnostics)) }
        return pack
    }

    /// Loads a profile by name (`profiles/NAME.yaml`) or by path, merges its `extends` chain and loads its packs.
    ///
    /// `nameOrPath` is a path when it contains `/` or ends in `.yaml` or `.yml`.
    public func loadProfile(
        _ nameOrPath: String
    ) throws(DiagnosticError) -> (
        profile: ProfileSpec, packs: [String: RulePackSpec]
    ) {
        var session = makeSession()
        let path = profilePath(for: nameOrPath)
        if !Self.isPath(nameOrPath) && (try? SourceFiles.bytes(atPath: path, limit: 0)) == nil {
            let hint = LoadingSession.nameHint(for: nameOrPath, in: profilesDirectory)
            let message = "unknown profile '\(nameOrPath)': there is no \(path)\(hint)"
            throw DiagnosticError([Diagnostic(.error, message, at: LoadingSession.start(of: path))])
        }
        let loaded = session.profile(at: path)
        guard let loaded, !session.hasErrors else { throw DiagnosticError(LoadingSession.sorted(session.diagnostics)) }
        return loaded
    }

    /// Loads a profile (see `loadProfile(_:)`) and compiles it with `ProfileCompiler`.
    public func compile(_ nameOrPath: String) throws(DiagnosticError) -> CompiledProfile {
        let (profile, packs) = try loadProfile(nameOrPath)
        return try ProfileCompiler.compile(profile, packs: packs)
    }

    /// Checks files and returns every diagnostic, sorted by file, line and column; never throws.
    ///
    /// With no files, lints every `*.yaml` in both directories. A file with a top-level `pack:` (or in the rules
    /// directory) is a rule pack; one with `profile:` is a profile and is fully compiled.
    public func lint(_ files: [String] = []) -> [Diagnostic] {
        var targets = files
        var diagnostics: [Diagnostic] = []
        if files.isEmpty {
            for directory in [rulesDirectory, profilesDirectory] {
                if let found = SourceFiles.yamlFiles(in: directory) {
                    targets += found
                } else {
                    let message = "cannot read directory '\(directory)'"
                    diagnostics.append(Diagnostic(.error, message, at: LoadingSession.start(of: directory)))
                }
            }
        }
        for file in targets {
            diagnostics += lintFile(file)
        }
        return LoadingSession.sorted(diagnostics)
    }

    private func lintFile(_ file: String) -> [Diagnostic] {
        var session = makeSession()
        guard let root = session.node(at: file) else { return session.diagnostics }
        let isPack: Bool
        if root.value(forKey: "pack") != nil {
            isPack = true
        } else if root.value(forKey: "profile") != nil {
            isPack = false
        } else if Self.directory(of: file) == Self.trimmed(rulesDirectory) {
            isPack = true
        } else if Self.directory(of: file) == Self.trimmed(profilesDirectory) {
            isPack = false
        } else {
            let message = "not a rule pack or a profile: expected a top-level 'pack:' or 'profile:' key"
            return [
                Diagnostic(
                    .error,
                    message,
                    at: SourceLocation(file: file, line: root.mark.line, column: root.mark.column)
                )
            ]
        }
        if isPack {
            _ = session.pack(at: file)
            return session.diagnostics
        }
        guard let (profile, packs) = session.profile(at: file), !session.hasErrors else { return session.diagnostics }
        do {
            _ = try ProfileCompiler.compile(profile, packs: packs)
        } catch {
            return session.diagnostics + error.diagnostics
        }
        return session.diagnostics
    }

    private func makeSession() -> LoadingSession {
        LoadingSession(rulesDirectory: rulesDirectory, profilesDirectory: profilesDirectory)
    }

    /// The file a profile name or path refers to.
    func profilePath(for nameOrPath: String) -> String {
        Self.isPath(nameOrPath) ? nameOrPath : FileName.path(of: nameOrPath, in: profilesDirectory)
    }

    private static func isPath(_ text: String) -> Bool {
        text.contains("/") || text.hasSuffix(".yaml") || text.hasSuffix(".yml")
    }

    private static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return String(path[..<slash])
    }

    private static func trimmed(_ directory: String) -> String {
        var text = directory
        while text.count > 1 && text.hasSuffix("/") { text.removeLast() }
        return text
    }
}

import RampartRules
import RampartYAML

extension LoadingSession {
    /// A profile document merged with all its parents.
    struct ResolvedDocument {
        var document: ProfileDocument
        /// Parent names and files, nearest first.
        var parents: [(name: String, path: String)]
    }

    /// The merged profile at `path` and the packs it names, or nil after reporting why not.
    mutating func profile(at path: String) -> (profile: ProfileSpec, packs: [String: RulePackSpec])? {
        guard let resolved = resolve(at: path, visited: []) else { return nil }
        let document = resolved.document
        let errorsBefore = diagnostics.count

        var eligibility: EligibilityThresholds?
        switch document.eligibility.thresholds() {
        case .success(let value): eligibility = value
        case .failure(let missing): reportIncomplete("eligibility", missing, at: document.location)
        }
        var paper: PaperSettings?
        switch document.paper.settings() {
        case .success(let value): paper = value
        case .failure(let missing): reportIncomplete("paper", missing, at: document.location)
        }

        var packs: [String: RulePackSpec] = [:]
        var packPaths: [String] = []
        for name in document.packs ?? [] {
            guard Self.isPlainName(name.value) else {
                report(
                    Diagnostic(
                        .error,
                        "invalid rule pack name '\(name.value)': name a file in \(rulesDirectory)/ by its stem",
                        at: name.location
                    )
                )
                continue
            }
            let packPath = FileName.path(of: name.value, in: rulesDirectory)
            let hint = Self.nameHint(for: name.value, in: rulesDirectory)
            let message = "unknown rule pack '\(name.value)': there is no \(packPath)\(hint)"
            if let pack = pack(at: packPath, reference: (message, name.location)) {
                packs[pack.name] = pack
                packPaths.append(packPath)
            }
        }
        guard diagnostics.count == errorsBefore else { return nil }

        let files = [path] + resolved.parents.map(\.path) + packPaths
        let hash = ContentHash.of(files.compactMap { file in sources[file].map { (file, $0) } })
        let profile = ProfileSpec(
            name: document.name,
            description: document.description,
            location: document.location,
            extendsChain: resolved.parents.map(\.name),
            packs: document.packs ?? [],
            parameters: document.parameters,
            autopilot: document.autopilot,
            currency: document.currency,
            accountType: document.accountType,
            accounts: document.accounts,
            startingBalance: document.startingBalance,
            eligibility: eligibility,
            paper: paper,
            overrides: document.overrides ?? [],
            files: files,
            contentHash: hash
        )
        return (profile, packs)
    }

    /// Decodes the profile at `path` and merges it over its `extends` chain; `visited` holds the children so far.
    private mutating func resolve(
        at path: String,
        visited: [(name: String, location: SourceLocation)]
    )
        -> ResolvedDocument?
    {
        guard let root = node(at: path) else { return nil }
        let (decoded, found) = ProfileDecoder.decode(root, file: path)
        diagnostics += found
        guard let document = decoded else { return nil }
        guard let parent = document.extends else { return ResolvedDocument(document: document, parents: []) }

        let chain = visited + [(document.name, document.location)]
        if parent.value == document.name {
            report(Diagnostic(.error, "profile '\(document.name)' extends itself", at: parent.location))
            return nil
        }
        if let start = chain.first, chain.contains(where: { $0.name == parent.value }) {
            let names = (chain.map(\.name) + [parent.value]).joined(separator: " -> ")
            report(
                Diagnostic(
                    .error,
                    "'extends: \(parent.value)' makes a cycle: \(names)",
                    at: parent.location,
                    notes: [.init("the chain starts at profile '\(start.name)'", at: start.location)]
                )
            )
            return nil
        }
        guard Self.isPlainName(parent.value) else {
            report(
                Diagnostic(
                    .error,
                    "invalid parent name '\(parent.value)': name a profile in \(profilesDirectory)/ by its stem",
                    at: parent.location
                )
            )
            return nil
        }
        let parentPath = FileName.path(of: parent.value, in: profilesDirectory)
        let hint = Self.nameHint(for: parent.value, in: profilesDirectory)
        let message = "unknown parent profile '\(parent.value)': there is no \(parentPath)\(hint)"
        guard node(at: parentPath, reference: (message, parent.location)) != nil,
            let resolvedParent = resolve(at: parentPath, visited: chain)
        else { return nil }
        return ResolvedDocument(
            document: document.merged(over: resolvedParent.document),
            parents: [(parent.value, parentPath)] + resolvedParent.parents
        )
    }

    private mutating func reportIncomplete(_ section: String, _ missing: MissingKeys, at location: SourceLocation) {
        let keys = missing.keys.map { "'\($0)'" }.joined(separator: ", ")
        report(
            Diagnostic(
                .error,
                "'\(section)' is missing \(keys); set them here or in a parent profile (nothing is defaulted)",
                at: location
            )
        )
    }

    /// A file stem without a path separator.
    static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && !name.contains("/") && name != "." && name != ".."
    }
}

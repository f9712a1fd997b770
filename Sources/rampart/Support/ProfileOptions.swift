import ArgumentParser
import RampartConfig
import RampartRules

/// Where rule packs and profiles live; every command that loads a profile takes these.
struct DirectoryOptions: ParsableArguments {
    @Option(name: .customLong("rules-dir"), help: "Directory of rule packs.")
    var rulesDirectory = "rules"

    @Option(name: .customLong("profiles-dir"), help: "Directory of profiles (and their `extends` parents).")
    var profilesDirectory = "profiles"

    /// A loader over the two directories.
    var loader: ProfileLoader { ProfileLoader(rulesDirectory: rulesDirectory, profilesDirectory: profilesDirectory) }

    /// Compiles a profile given by name or path, printing diagnostics and exiting 1 when it does not compile.
    func compile(_ nameOrPath: String) throws -> CompiledProfile {
        do {
            return try loader.compile(nameOrPath)
        } catch {
            Terminal.printError(error.description)
            throw ExitCode.failure
        }
    }
}

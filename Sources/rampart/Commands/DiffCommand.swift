import ArgumentParser
import RampartConfig
import RampartRules

/// `rampart diff`: every parameter and flag that differs between two profiles, and whether B is tighter.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two profiles: list what differs and say whether B is tighter, looser, mixed or the same.",
        discussion: "A tighter profile denies at least everything the other denies."
    )

    @OptionGroup var directories: DirectoryOptions

    @Argument(help: "The current profile (name or path).")
    var old: String

    @Argument(help: "The proposed profile (name or path).")
    var new: String

    func run() throws {
        let before = try directories.compile(old)
        let after = try directories.compile(new)
        let comparison = ProfileComparison(old: before, new: after)
        print("\(before.name) (\(before.hash.prefix(12))) -> \(after.name) (\(after.hash.prefix(12)))")
        for change in comparison.changes {
            let scope = change.scope == "base" ? "" : "  [\(change.scope)]"
            print("  \(change.key)\(scope): \(change.old) -> \(change.new)  (\(change.direction.rawValue))")
        }
        print("verdict: \(comparison.verdict.rawValue)")
    }
}

import ArgumentParser
import RampartConfig
import RampartJSON
import RampartRules

/// `rampart lint`: checks rule packs and profiles and prints compiler-style diagnostics.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check rule packs and profiles; exit 0 when clean, 1 when errors are found.",
        discussion: "With no FILE, every pack in --rules-dir and every profile in --profiles-dir is checked."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @OptionGroup var directories: DirectoryOptions

    @Option(help: "Output format: text (file:line:col: error: message) or json.")
    var format: Format = .text

    @Argument(help: "Pack or profile files to check.")
    var files: [String] = []

    func run() throws {
        let diagnostics = directories.loader.lint(files)
        switch format {
        case .text:
            for diagnostic in diagnostics { print(diagnostic.description) }
            let errors = diagnostics.filter { $0.severity == .error }.count
            let warnings = diagnostics.filter { $0.severity == .warning }.count
            Terminal.printError(
                "lint: \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
            )
        case .json:
            print(JSONWriter.string(.array(diagnostics.flatMap(Self.json)), pretty: true))
        }
        if diagnostics.contains(where: { $0.severity == .error }) { throw ExitCode.failure }
    }

    /// A diagnostic and its notes as `{file, line, column, severity, message}` objects.
    static func json(_ diagnostic: Diagnostic) -> [JSONValue] {
        func entry(_ location: SourceLocation, _ severity: String, _ message: String) -> JSONValue {
            .object([
                JSONMember("file", .string(location.file)),
                JSONMember("line", .number(String(location.line))),
                JSONMember("column", .number(String(location.column))),
                JSONMember("severity", .string(severity)),
                JSONMember("message", .string(message)),
            ])
        }
        return [entry(diagnostic.location, diagnostic.severity.rawValue, diagnostic.message)]
            + diagnostic.notes.map { entry($0.location, "note", $0.message) }
    }
}

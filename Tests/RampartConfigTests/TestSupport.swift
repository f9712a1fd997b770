import Foundation
import RampartRules
import RampartYAML
import Testing

@testable import RampartConfig

/// Paths the tests read, found from this file's location.
enum TestPaths {
    /// `Tests/RampartConfigTests`.
    static let testsDirectory: String = {
        let file = #filePath
        return String(file[..<(file.lastIndex(of: "/") ?? file.endIndex)])
    }()
    /// The package root (two levels above the test directory).
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: testsDirectory)
        url.deleteLastPathComponent()
        url.deleteLastPathComponent()
        return url.path
    }()
    /// The fixture rule packs and profiles.
    static let fixtures = testsDirectory + "/Fixtures"
}

/// A loader over the fixture directories.
let fixtureLoader = ProfileLoader(
    rulesDirectory: TestPaths.fixtures + "/rules",
    profilesDirectory: TestPaths.fixtures + "/profiles"
)

/// A fixture profile's path.
func fixtureProfile(_ name: String) -> String { TestPaths.fixtures + "/profiles/\(name).yaml" }

/// A fixture pack's path.
func fixturePack(_ name: String) -> String { TestPaths.fixtures + "/rules/\(name).yaml" }

/// The diagnostics a throwing load produces, or an empty array if it succeeds.
func diagnostics<T>(_ body: () throws(DiagnosticError) -> T) -> [Diagnostic] {
    do {
        _ = try body()
        return []
    } catch {
        return error.diagnostics
    }
}

/// `file:line:col` of a diagnostic, with the file reduced to its last two components (`profiles/child.yaml`).
func place(_ diagnostic: Diagnostic) -> String {
    place(diagnostic.location)
}

/// `profiles/child.yaml:3:10` for a location.
func place(_ location: RampartRules.SourceLocation) -> String {
    let parts = location.file.split(separator: "/")
    return "\(parts.suffix(2).joined(separator: "/")):\(location.line):\(location.column)"
}

/// A scratch directory with `rules/` and `profiles/`, removed when the test ends.
final class ScratchTree {
    let root: String
    var loader: ProfileLoader { ProfileLoader(rulesDirectory: root + "/rules", profilesDirectory: root + "/profiles") }

    init(_ files: [String: String]) throws {
        root = NSTemporaryDirectory() + "rampart-config-" + UUID().uuidString
        for directory in ["rules", "profiles"] {
            try FileManager.default.createDirectory(atPath: root + "/" + directory, withIntermediateDirectories: true)
        }
        for (path, text) in files { try write(path, text) }
    }

    /// Writes (or replaces) a file relative to the root.
    func write(_ path: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: root + "/" + path))
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }
}

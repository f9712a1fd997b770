import Foundation

/// The trade files real tools wrote, in `../shared/data` beside the checkout when there is one (a clone alone has
/// none: `.ci/run` passes without it, and Scripts/test-python replays a file real freqtrade writes during the run).
enum SharedData {
    /// The folder, `../shared/data` from the package root.
    static let directory = RampartProcess.packageRoot.appendingPathComponent("../shared/data").standardizedFileURL

    /// Whether the folder is there; the tests over it are skipped when it is not.
    static let isPresent = FileManager.default.fileExists(atPath: directory.path)

    /// `../shared/data/<relative>`.
    static func path(_ relative: String) -> String { directory.appendingPathComponent(relative).path }
}

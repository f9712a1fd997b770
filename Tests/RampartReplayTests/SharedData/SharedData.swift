import Foundation

/// The trade files real tools wrote, in `../shared/data` beside the checkout (CI has it; a clone alone does not).
/// They are freqtrade's GPL-3.0 test data, so they are read in place and never copied into the repository.
enum SharedData {
    /// The folder, `../shared/data` from the package root.
    static let directory = TestFiles.packageRoot.appendingPathComponent("../shared/data").standardizedFileURL

    /// Whether the folder is there; the suites over it are skipped when it is not.
    static let isPresent = FileManager.default.fileExists(atPath: directory.path)

    /// `../shared/data/<relative>`.
    static func path(_ relative: String) -> String { directory.appendingPathComponent(relative).path }
}

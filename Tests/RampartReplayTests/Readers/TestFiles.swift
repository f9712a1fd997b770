import Foundation
import RampartReplay

/// Paths to the fixtures and scratch files for reader and replay tests.
enum TestFiles {
    /// The package root, found by walking up from this file to the directory holding `Package.swift`.
    static let packageRoot: URL = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
                return directory
            }
            directory.deleteLastPathComponent()
        }
        return directory
    }()

    /// `Tests/RampartReplayTests/Fixtures/<relative>`: trade files `Scripts/generate-fixtures` wrote.
    static func fixture(_ relative: String) -> String {
        packageRoot.appendingPathComponent("Tests/RampartReplayTests/Fixtures").appendingPathComponent(relative).path
    }

    /// This test process's scratch directory, removed when the process exits: each test writes into a folder of
    /// its own under it, so a run leaves nothing behind in the temporary directory.
    static let scratchRoot: URL = {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("rampart-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: TestFiles.scratchRoot) }
        return root
    }()

    /// A new empty directory under `scratchRoot`.
    static func scratchDirectory(_ prefix: String) throws -> URL {
        let directory = scratchRoot.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// Writes `text` to a new temporary file named `name` and returns its path.
    static func write(_ text: String, name: String = "trades.csv") throws -> String {
        let directory = try scratchDirectory("file")
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// Every fill of a file, with the opened info and the final source state.
    static func readAll(
        _ path: String,
        format: TradeFormat? = nil,
        bot: String? = nil
    ) throws -> (
        info: TradeFileInfo, fills: [TradeFill], rounded: Int, botsSeen: [String]
    ) {
        var (info, source) = try TradeReader.open(path: path, format: format, bot: bot)
        var fills: [TradeFill] = []
        while let fill = try source.next() { fills.append(fill) }
        return (info, fills, source.roundedValues, source.botsSeen)
    }

    /// The error reading `text` as a CSV file gives, as its description with the path replaced by `FILE`.
    static func csvError(_ text: String, bot: String? = nil) throws -> String? {
        let path = try write(text)
        do {
            _ = try readAll(path, format: .csv, bot: bot)
            return nil
        } catch let error as TradeReadError {
            return error.description.replacingOccurrences(of: path, with: "FILE")
        }
    }
}

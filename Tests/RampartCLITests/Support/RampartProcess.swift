import Foundation

/// Runs the built `rampart` binary, as an operator would.
struct RampartProcess {
    /// What a run printed and how it ended.
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The package root (three levels above this file).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `rampart` binary next to the test bundle.
    static var binary: URL {
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = runner.deletingLastPathComponent()
        // The test runner lives in .build/<triple>/debug/ or inside a .xctest bundle there.
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("rampart").path)
            && directory.path != "/"
        {
            directory = directory.deletingLastPathComponent()
        }
        return directory.appendingPathComponent("rampart")
    }

    /// Runs `rampart ARGUMENTS` in `directory` (the package root by default) with `input` on standard input.
    static func run(
        _ arguments: [String],
        in directory: URL = packageRoot,
        input: String? = nil,
        environment: [String: String]? = nil
    ) throws -> Result {
        let process = Process()
        if let environment { process.environment = environment }
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let output = Pipe()
        let errors = Pipe()
        let standardInput = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = standardInput
        try process.run()
        if let input { standardInput.fileHandleForWriting.write(Data(input.utf8)) }
        try standardInput.fileHandleForWriting.close()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self)
        )
    }

    /// A fresh directory with `rules/` and `profiles/` copied from the package, for tests that edit files.
    static func scratchCopy() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "rampart-cli-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for folder in ["rules", "profiles"] {
            try FileManager.default.copyItem(
                at: packageRoot.appendingPathComponent(folder),
                to: directory.appendingPathComponent(folder)
            )
        }
        return directory
    }
}

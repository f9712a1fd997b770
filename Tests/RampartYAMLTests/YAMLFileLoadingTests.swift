import Foundation
import RampartYAML
import Testing

@Suite struct YAMLFileLoadingTests {
    /// A fresh temporary directory for one test.
    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("rampart-yaml-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The error loading `path` produces, or nil if it loads.
    private func fileError(_ path: String) -> YAMLError? {
        do {
            _ = try YAMLLoader.load(contentsOf: path)
            return nil
        } catch {
            return error
        }
    }

    @Test func fileIsLoadedAndErrorsNameThePathAsGiven() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = directory.appendingPathComponent("good.yaml")
        try Data("limits:\n  qty: 5\n".utf8).write(to: good)
        let root = try YAMLLoader.load(contentsOf: good.path)
        #expect(root.value(forKey: "limits")?.value.value(forKey: "qty")?.value.mark == at(2, 8))

        let bad = directory.appendingPathComponent("bad.yaml")
        try Data("a: 1\na: 2\n".utf8).write(to: bad)
        let error = try #require(fileError(bad.path))
        #expect(error.file == bad.path)
        #expect(error.mark == at(2, 1))
    }

    @Test func missingFileIsReportedAtFirstPositionWithOSReason() throws {
        let error = try #require(fileError("/nonexistent/rampart/limits.yaml"))
        #expect(error.file == "/nonexistent/rampart/limits.yaml")
        #expect(error.mark == at(1, 1))
        #expect(error.message == "cannot open file: No such file or directory")
    }

    @Test func directoryIsRejectedAsUnreadable() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let error = try #require(fileError(directory.path))
        #expect(error.mark == at(1, 1))
        #expect(error.message == "cannot read file: Is a directory")
    }

    @Test func oversizedFileIsRejectedBySize() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let big = directory.appendingPathComponent("big.yaml")
        try Data(repeating: UInt8(ascii: "#"), count: YAMLLoader.maxFileSize + 1).write(to: big)
        let error = try #require(fileError(big.path))
        #expect(error.mark == at(1, 1))
        #expect(error.message == "file is 1048577 bytes, which exceeds the limit of 1048576 bytes (1 MiB)")
    }
}

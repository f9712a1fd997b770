import Foundation
import RampartJSON
import RampartReplay
import RampartRules

/// Scratch directories and runs for dry-run tests.
struct ReplayScratch {
    let directory: URL

    /// A new empty directory.
    init() throws {
        directory = try TestFiles.scratchDirectory("dry-run")
    }

    /// Writes `text` into the directory.
    func write(_ text: String, name: String = "trades.csv") throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// A path in the directory.
    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// The names of the files in the directory, sorted.
    func contents() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    }

    /// Options that write all three outputs into the directory.
    func options(
        _ profile: CompiledProfile,
        trades: String,
        compare: CompiledProfile? = nil,
        format: TradeFormat? = nil,
        bot: String? = nil,
        startingBalance: String? = nil
    ) -> DryRunOptions {
        DryRunOptions(
            profile: profile,
            compare: compare,
            tradesPath: trades,
            format: format,
            bot: bot,
            startingBalance: startingBalance.map(dec),
            decisionsPath: path("decisions.jsonl"),
            jsonPath: path("report.json"),
            htmlPath: path("report.html")
        )
    }

    /// The decisions file, one parsed JSON value per line.
    func decisions() throws -> [JSONValue] {
        let text = try String(contentsOfFile: path("decisions.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONParser.parse(String($0)) }
    }
}

/// `time,bot,symbol,side,quantity,price,fee` rows under the CSV header.
func csv(_ rows: [String]) -> String {
    (["time,bot,symbol,side,quantity,price,fee"] + rows).joined(separator: "\n") + "\n"
}

extension JSONValue {
    /// The keys of an object, in order.
    var keys: [String] { objectValue?.map(\.key) ?? [] }
}

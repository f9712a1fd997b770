public import Logging
import RampartJSON
import RampartRules
import RampartSystem

/// A `LogHandler` writing one JSON object per line to standard output: `ts`, `level`, `label`, `message`, metadata.
public struct JSONLogHandler: LogHandler {
    /// Metadata added to every line.
    public var metadata: Logger.Metadata = [:]
    /// The lowest level written.
    public var logLevel: Logger.Level = .info
    private let label: String

    /// Creates a handler for `label` (use as `LoggingSystem.bootstrap(JSONLogHandler.init)`).
    public init(label: String) { self.label = label }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var members = [
            JSONMember("ts", .string(Timestamp.now().description)),
            JSONMember("level", .string(event.level.rawValue)),
            JSONMember("label", .string(label)),
            JSONMember("message", .string(event.message.description)),
        ]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }).sorted(by: {
            $0.key < $1.key
        }) {
            members.append(JSONMember(key, .string(value.description)))
        }
        var line = JSONWriter.bytes(.object(members))
        line.append(UInt8(ascii: "\n"))
        StandardStream.output.write(line)
    }
}

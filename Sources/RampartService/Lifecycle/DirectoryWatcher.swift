import Foundation
public import Logging
public import ServiceLifecycle

/// Polls the rules and profiles directories' `*.yaml` files (path, size, mtime) and reloads on a change.
///
/// Polling, not inotify: one `stat` per file per interval (default 1 s) is cheap for a few dozen files and works
/// on every filesystem. A change seen mid-edit may fail to compile; the old profile then stays in force and
/// the next poll after the edit completes reloads again.
public struct DirectoryWatcher: Service {
    private let reloader: ProfileReloader
    private let interval: Duration
    private let logger: Logger

    /// Creates a watcher polling every `interval`.
    public init(reloader: ProfileReloader, interval: Duration = .seconds(1), logger: Logger) {
        self.reloader = reloader
        self.interval = interval
        self.logger = logger
    }

    /// Polls until graceful shutdown.
    public func run() async throws {
        let directories = reloader.directories
        let initial = Self.fingerprint(directories)
        try? await cancelWhenGracefulShutdown {
            var previous = initial
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                let now = Self.fingerprint(directories)
                if now != previous {
                    previous = now
                    _ = await reloader.reload(trigger: "watch")
                }
            }
        }
    }

    /// Every YAML file in `directories` with its size and modification time.
    static func fingerprint(_ directories: [String]) -> [String] {
        let manager = FileManager.default
        var entries: [String] = []
        for directory in directories {
            let names = (try? manager.contentsOfDirectory(atPath: directory)) ?? []
            for name in names where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                let path = directory + "/" + name
                let attributes = try? manager.attributesOfItem(atPath: path)
                let size = (attributes?[.size] as? NSNumber)?.int64Value ?? -1
                let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
                entries.append("\(path)|\(size)|\(modified)")
            }
        }
        return entries.sorted()
    }
}

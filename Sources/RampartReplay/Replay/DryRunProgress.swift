import RampartSystem

/// Receives progress while a dry-run replays.
public protocol DryRunProgress: AnyObject, Sendable {
    /// `orders` replayed so far; `fraction` of the input done (0…1) when it can be estimated.
    func replayed(orders: Int, fraction: Double?)
    /// The replay has ended (successfully or not).
    func finished()
}

/// A progress bar on standard error, for terminals only.
public final class TerminalProgress: DryRunProgress, @unchecked Sendable {
    private var lastWidth = 0

    /// A bar when standard error is a terminal and the input is larger than `threshold` bytes, else nil.
    public static func ifInteractive(forInputAt path: String, threshold: Int = 5_000_000) -> TerminalProgress? {
        guard isatty(2) != 0 else { return nil }
        var info = stat()
        guard stat(path, &info) == 0, Int(info.st_size) > threshold else { return nil }
        return TerminalProgress()
    }

    /// Draws the bar.
    public func replayed(orders: Int, fraction: Double?) {
        var line = "\r"
        if let fraction {
            let clamped = min(max(fraction, 0), 1)
            let filled = Int(clamped * 30)
            line += "[" + String(repeating: "#", count: filled) + String(repeating: " ", count: 30 - filled) + "] "
            line += "\(Int(clamped * 100))% "
        }
        line += "\(orders) orders replayed"
        lastWidth = max(lastWidth, line.utf8.count)
        Self.writeError(line)
    }

    private static func writeError(_ text: String) {
        var text = text
        text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    }

    /// Clears the bar.
    public func finished() {
        guard lastWidth > 0 else { return }
        Self.writeError("\r" + String(repeating: " ", count: lastWidth) + "\r")
        lastWidth = 0
    }
}

/// Estimates how far through a CSV file a line number is, from the average line length of the file's start.
struct LineProgressEstimate {
    private let estimatedLines: Double?

    /// Samples the first 64 KiB of `path`.
    init(path: String) {
        var info = stat()
        guard stat(path, &info) == 0, info.st_size > 0, let handle = fopen(path, "rb") else {
            estimatedLines = nil
            return
        }
        defer { fclose(handle) }
        var sample = [UInt8](repeating: 0, count: 64 * 1024)
        let count = sample.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, handle) }
        let lines = sample[..<count].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        estimatedLines = lines > 0 ? Double(info.st_size) * Double(lines) / Double(count) : nil
    }

    /// The fraction done at `location`, when it is a line.
    func fraction(at location: TradeLocation) -> Double? {
        guard let estimatedLines, case .line(let line) = location else { return nil }
        return Double(line) / estimatedLines
    }
}

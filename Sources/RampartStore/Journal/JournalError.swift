import GRDB
import RampartRules

/// Why the journal could not store or read something.
public enum JournalError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Write transaction number `write` failed and was rolled back: nothing of its batch was stored.
    case writeFailed(write: Int, reason: String)
    /// Reading the journal failed (while `during`).
    case readFailed(during: String, reason: String)
    /// A stored row does not parse back.
    case corruptRow(table: String, sequence: Int64, reason: String)

    public var description: String {
        switch self {
        case .writeFailed(let write, let reason): "journal write #\(write) failed and was rolled back: \(reason)"
        case .readFailed(let during, let reason): "reading the journal failed while \(during): \(reason)"
        case .corruptRow(let table, let sequence, let reason): "\(table) row \(sequence) is unreadable: \(reason)"
        }
    }
}

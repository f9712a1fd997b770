/// The outcome of `AuditLog.verify()`.
public enum AuditVerification: Sendable, Hashable, CustomStringConvertible {
    /// Every row and the head check out.
    case intact(entries: Int)
    /// The first bad sequence and what is wrong with it.
    case broken(sequence: Int64, problem: AuditProblem)

    /// True for `.intact`.
    public var isIntact: Bool {
        if case .intact = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .intact(let entries): "audit log intact: \(entries) entries"
        case .broken(let sequence, let problem): "audit log broken at sequence \(sequence): \(problem)"
        }
    }
}

/// What is wrong at the first bad sequence.
public enum AuditProblem: Sendable, Hashable, CustomStringConvertible {
    /// The log was written with a different key (or the key is wrong): nothing verifies.
    case wrongKey
    /// This sequence is missing: deleted, or the tail was cut off (`nextPresent` is nil then).
    case missing(nextPresent: Int64?)
    /// This row's MAC is valid at another position: rows were reordered.
    case moved(belongsAt: Int64)
    /// This row matches no MAC but the next row belongs here: a row was inserted.
    case inserted
    /// The row or its MAC was changed (or rows before it were renumbered).
    case edited
    /// A column holds NULL or a value of the wrong type.
    case malformed
    /// The head record is missing, altered, or disagrees with the last row.
    case headMismatch

    public var description: String {
        switch self {
        case .wrongKey: "the audit key does not match the one that wrote the log"
        case .missing(let next?): "row missing (deleted); the next row present is \(next)"
        case .missing(nil): "row missing (deleted); the log's tail was cut off"
        case .moved(let position): "row moved: its MAC belongs at sequence \(position) (reordered)"
        case .inserted: "row inserted: it matches no MAC, and the following row belongs at this position"
        case .edited: "row edited: its contents or MAC do not match the chain"
        case .malformed: "row malformed: a column is NULL or of the wrong type"
        case .headMismatch: "the head record is missing, altered or disagrees with the last row"
        }
    }
}

/// One audit row as stored; nil fields are NULL or the wrong type.
struct StoredAuditRow {
    /// The row's key.
    var sequence: Int64
    /// Everything but the sequence, when every column has the right type.
    var fields: Fields?

    /// The MAC-covered columns.
    struct Fields {
        var time: Int64
        var actor: String
        var action: String
        var details: String
        var mac: [UInt8]
    }
}

/// The head record as stored.
struct StoredAuditHead {
    var sequence: Int64?
    var mac: [UInt8]?
    var keyCheck: [UInt8]?
    var headMAC: [UInt8]?
}

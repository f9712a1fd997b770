import GRDB
import RampartCrypto

extension StoredAuditRow {
    /// Reads `sequence, time, actor, action, details, mac` strictly.
    init(row: Row) {
        sequence = StoredValue.integer(row[0]) ?? -1
        if let time = StoredValue.integer(row[1]), let actor = StoredValue.text(row[2]),
            let action = StoredValue.text(row[3]), let details = StoredValue.text(row[4]),
            let mac = StoredValue.blob(row[5])
        {
            fields = Fields(time: time, actor: actor, action: action, details: details, mac: mac)
        } else {
            fields = nil
        }
    }
}

extension StoredAuditHead {
    /// Reads `sequence, mac, key_check, head_mac` strictly.
    init(row: Row) {
        sequence = StoredValue.integer(row[0])
        mac = StoredValue.blob(row[1])
        keyCheck = StoredValue.blob(row[2])
        headMAC = StoredValue.blob(row[3])
    }
}

/// Walks the chain and, at the first failure, works out the likeliest cause.
struct AuditVerifier {
    let key: [UInt8]

    /// The verdict for rows ordered by sequence and the head record.
    func verify(rows: [StoredAuditRow], head: StoredAuditHead?) -> AuditVerification {
        let keyMatches = head?.keyCheck.map { ConstantTime.equals($0, AuditChain.keyCheck(key: key)) } ?? true
        var previous = AuditChain.genesis
        var expected: Int64 = 1
        for (index, row) in rows.enumerated() {
            guard row.sequence == expected else {
                return .broken(sequence: expected, problem: .missing(nextPresent: row.sequence))
            }
            guard let fields = row.fields else { return .broken(sequence: row.sequence, problem: .malformed) }
            guard matches(fields, at: row.sequence, after: previous) else {
                if index == 0 && !keyMatches { return .broken(sequence: row.sequence, problem: .wrongKey) }
                return .broken(sequence: row.sequence, problem: diagnose(rows: rows, index: index, previous: previous))
            }
            previous = fields.mac
            expected += 1
        }
        let count = rows.count
        let last = expected - 1
        guard let head else {
            return rows.isEmpty ? .intact(entries: 0) : .broken(sequence: last, problem: .headMismatch)
        }
        guard let headSequence = head.sequence, let headMac = head.mac, let headMAC = head.headMAC,
            ConstantTime.equals(headMAC, AuditChain.headMAC(key: key, sequence: headSequence, mac: headMac))
        else {
            return .broken(sequence: max(1, last), problem: keyMatches ? .headMismatch : .wrongKey)
        }
        if headSequence > last { return .broken(sequence: last + 1, problem: .missing(nextPresent: nil)) }
        if headSequence < last { return .broken(sequence: headSequence + 1, problem: .headMismatch) }
        guard ConstantTime.equals(headMac, previous), keyMatches else {
            return .broken(sequence: max(1, last), problem: .headMismatch)
        }
        return .intact(entries: count)
    }

    /// Whether `fields` carry the right MAC for `sequence` after `previous`.
    func matches(_ fields: StoredAuditRow.Fields, at sequence: Int64, after previous: [UInt8]) -> Bool {
        let expected = AuditChain.mac(
            key: key,
            previous: previous,
            sequence: sequence,
            time: fields.time,
            actor: fields.actor,
            action: fields.action,
            details: fields.details
        )
        return ConstantTime.equals(expected, fields.mac)
    }

    /// Why row `index` (whose predecessor's MAC is `previous`) fails: moved, inserted, or edited.
    func diagnose(rows: [StoredAuditRow], index: Int, previous: [UInt8]) -> AuditProblem {
        guard let fields = rows[index].fields else { return .malformed }
        let sequence = rows[index].sequence
        // Valid somewhere else, chained from the row stored just before that position?
        for (candidateIndex, candidate) in rows.enumerated() where candidateIndex != index {
            let before = candidateIndex == 0 ? AuditChain.genesis : rows[candidateIndex - 1].fields?.mac
            if let before, matches(fields, at: candidate.sequence, after: before) {
                return .moved(belongsAt: candidate.sequence)
            }
        }
        if index + 1 < rows.count, let next = rows[index + 1].fields, matches(next, at: sequence, after: previous) {
            // The next row belongs here. If this row in turn follows it, the two were swapped.
            if matches(fields, at: rows[index + 1].sequence, after: next.mac) {
                return .moved(belongsAt: rows[index + 1].sequence)
            }
            return .inserted
        }
        return .edited
    }
}

import Foundation
import GRDB
import RampartRules
import RampartStore
import RampartTestSupport
import Testing

@Suite("Audit log tampering")
struct AuditTamperTests {
    /// One random change to a copy of the log, the sequence verify must report, and the expected cause.
    enum Mutation: CaseIterable {
        case editActor, editAction, editDetails, editTime, flipMAC, wrongType
        case delete, deleteRange, swap, insert, moveToEnd, deleteAndRenumber
    }

    @Test("1,000 random edits, deletions and reorderings of the audit log are all caught by audit verify")
    func randomTampering() throws {
        let fixture = try SecurityFixture()
        let rows: Int64 = 50
        try AuditLogTests.fill(fixture, count: Int(rows))
        #expect(try fixture.audit.verify() == .intact(entries: Int(rows)))
        var random = SplitMix64(seed: 0x5EED_A0D1)
        var seen: [String: Int] = [:]

        for iteration in 0..<1000 {
            let copy = try DatabaseQueue()
            try fixture.database.backup(to: copy)
            let mutation = Mutation.allCases.randomElement(using: &random)!
            let k = Int64.random(in: 1...rows, using: &random)
            let expected = try copy.write { db -> (sequence: Int64, problem: AuditProblem?) in
                switch mutation {
                case .editActor:
                    try db.execute(sql: "UPDATE audit_log SET actor = actor || 'x' WHERE sequence = ?", arguments: [k])
                    return (k, .edited)
                case .editAction:
                    try db.execute(sql: "UPDATE audit_log SET action = 'halt!' WHERE sequence = ?", arguments: [k])
                    return (k, .edited)
                case .editDetails:
                    let text = String(
                        (0..<Int.random(in: 0...20, using: &random)).map { _ in
                            "abc =|\u{e9}".randomElement(using: &random)!
                        }
                    )
                    try db.execute(
                        sql: "UPDATE audit_log SET details = details || ? || '!' WHERE sequence = ?",
                        arguments: [text, k]
                    )
                    return (k, .edited)
                case .editTime:
                    var delta = Int64.random(in: -1_000_000_000...1_000_000_000, using: &random)
                    if delta == 0 { delta = 1 }
                    try db.execute(
                        sql: "UPDATE audit_log SET time = time + ? WHERE sequence = ?",
                        arguments: [delta, k]
                    )
                    return (k, .edited)
                case .flipMAC:
                    var mac = [UInt8](
                        try Data.fetchOne(db, sql: "SELECT mac FROM audit_log WHERE sequence = ?", arguments: [k])!
                    )
                    mac[Int.random(in: 0..<mac.count, using: &random)] ^= UInt8.random(in: 1...255, using: &random)
                    try db.execute(sql: "UPDATE audit_log SET mac = ? WHERE sequence = ?", arguments: [Data(mac), k])
                    return (k, .edited)
                case .wrongType:
                    let column = ["time", "actor", "mac"].randomElement(using: &random)!
                    let value = column == "time" ? "'t' || time" : column == "actor" ? "CAST(actor AS BLOB)" : "NULL"
                    // NOT NULL forbids NULL; use a text MAC instead.
                    let sql =
                        column == "mac"
                        ? "UPDATE audit_log SET mac = hex(mac) WHERE sequence = ?"
                        : "UPDATE audit_log SET \(column) = \(value) WHERE sequence = ?"
                    try db.execute(sql: sql, arguments: [k])
                    return (k, .malformed)
                case .delete:
                    try db.execute(sql: "DELETE FROM audit_log WHERE sequence = ?", arguments: [k])
                    return (k, .missing(nextPresent: k == rows ? nil : k + 1))
                case .deleteRange:
                    let last = min(rows, k + Int64.random(in: 1...5, using: &random))
                    try db.execute(sql: "DELETE FROM audit_log WHERE sequence BETWEEN ? AND ?", arguments: [k, last])
                    return (k, .missing(nextPresent: last == rows ? nil : last + 1))
                case .swap:
                    var other = Int64.random(in: 1...rows, using: &random)
                    while other == k { other = Int64.random(in: 1...rows, using: &random) }
                    try db.execute(sql: "UPDATE audit_log SET sequence = -1 WHERE sequence = ?", arguments: [k])
                    try db.execute(sql: "UPDATE audit_log SET sequence = ? WHERE sequence = ?", arguments: [k, other])
                    try db.execute(sql: "UPDATE audit_log SET sequence = ? WHERE sequence = -1", arguments: [other])
                    return (min(k, other), .moved(belongsAt: max(k, other)))
                case .insert:
                    try db.execute(
                        sql: "UPDATE audit_log SET sequence = sequence + 1000 WHERE sequence >= ?",
                        arguments: [k]
                    )
                    try db.execute(sql: "UPDATE audit_log SET sequence = sequence - 999 WHERE sequence >= 1000")
                    try db.execute(
                        sql:
                            "INSERT INTO audit_log VALUES (?, 1767225600000000000, 'cli:mallory', 'resume', '', randomblob(32))",
                        arguments: [k]
                    )
                    return (k, .inserted)
                case .moveToEnd:
                    try db.execute(sql: "UPDATE audit_log SET sequence = 1000 WHERE sequence = ?", arguments: [k])
                    return (k, .missing(nextPresent: k == rows ? 1000 : k + 1))
                case .deleteAndRenumber:
                    try db.execute(sql: "DELETE FROM audit_log WHERE sequence = ?", arguments: [k])
                    try db.execute(
                        sql: "UPDATE audit_log SET sequence = sequence - 1 WHERE sequence > ?",
                        arguments: [k]
                    )
                    // The last row is gone for good when k is last: the head notices the cut tail.
                    return k == rows ? (k, .missing(nextPresent: nil)) : (k, nil)
                }
            }
            let log = AuditLog(database: copy, key: fixture.auditKey, clock: fixture.clock.read)
            let result = try log.verify()
            guard case .broken(let sequence, let problem) = result else {
                Issue.record("iteration \(iteration): \(mutation) at \(k) not caught")
                continue
            }
            #expect(
                sequence == expected.sequence || (isDeletion(mutation) && sequence == expected.sequence + 1),
                "iteration \(iteration): \(mutation) at \(k) reported \(result)"
            )
            if let wanted = expected.problem {
                #expect(problem == wanted, "iteration \(iteration): \(mutation) at \(k) reported \(result)")
            }
            seen["\(mutation)", default: 0] += 1
        }
        // Every kind of change was exercised.
        #expect(seen.count == Mutation.allCases.count)
    }

    private func isDeletion(_ mutation: Mutation) -> Bool {
        [.delete, .deleteRange, .deleteAndRenumber].contains(mutation)
    }
}

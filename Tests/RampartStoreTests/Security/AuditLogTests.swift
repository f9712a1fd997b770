import Foundation
import GRDB
import RampartRules
import RampartStore
import RampartTestSupport
import Testing

@Suite("Audit log")
struct AuditLogTests {
    /// Appends `count` varied entries, one second apart.
    static func fill(_ fixture: SecurityFixture, count: Int) throws {
        let actions = ["halt", "resume", "reload", "promotion.request", "credentials.set", "token.create"]
        for index in 1...count {
            fixture.clock.advance(seconds: 1)
            try fixture.audit.append(
                actor: index % 3 == 0 ? "token:ops-\(index)" : "cli:alice",
                action: actions[index % actions.count],
                details: index % 4 == 0 ? "" : "reason=entry \(index) \u{1F6D1} | with=\"quotes\""
            )
        }
    }

    static func execute(_ fixture: SecurityFixture, _ sql: String, _ arguments: StatementArguments = []) throws {
        try fixture.database.write { db in try db.execute(sql: sql, arguments: arguments) }
    }

    @Test("appended entries read back in order and verify")
    func appendAndVerify() throws {
        let fixture = try SecurityFixture()
        #expect(try fixture.audit.verify() == .intact(entries: 0))
        try Self.fill(fixture, count: 10)
        let entries = try fixture.audit.entries()
        #expect(entries.map(\.sequence) == Array(1...10))
        #expect(entries[0].time.nanoseconds == 1_767_225_601_000_000_000)
        #expect(entries[2].actor == "token:ops-3")
        #expect(try fixture.audit.entries(after: 8).map(\.sequence) == [9, 10])
        #expect(try fixture.audit.entries(after: 2, limit: 3).map(\.sequence) == [3, 4, 5])
        #expect(try fixture.audit.verify() == .intact(entries: 10))
        #expect(try fixture.audit.verify().description == "audit log intact: 10 entries")
    }

    @Test("an entry appended inside the caller's transaction rolls back with it")
    func appendInTransaction() throws {
        let fixture = try SecurityFixture()
        let audit = fixture.audit
        try Self.fill(fixture, count: 2)
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try fixture.database.write { db in
                try audit.append(in: db, actor: "cli:alice", action: "halt", details: "")
                throw Abort()
            }
        }
        try fixture.database.write { db in
            try db.execute(sql: "CREATE TABLE side (x)")
            let entry = try audit.append(in: db, actor: "cli:alice", action: "reload", details: "profile=v2")
            #expect(entry.sequence == 3)
        }
        #expect(try audit.entries().map(\.action).suffix(1) == ["reload"])
        #expect(try audit.verify() == .intact(entries: 3))
    }

    @Test("empty actor or action is refused")
    func invalidEntries() throws {
        let fixture = try SecurityFixture()
        #expect(throws: AuditError.invalidEntry("the actor is empty")) {
            try fixture.audit.append(actor: "", action: "a", details: "")
        }
        #expect(throws: AuditError.invalidEntry("the action is empty")) {
            try fixture.audit.append(actor: "a", action: "", details: "")
        }
    }

    @Test(
        "an edited row is reported at its sequence",
        arguments: ["time = time + 1", "actor = 'cli:mallory'", "action = 'resume!'", "details = details || ' '"]
    )
    func edited(change: String) throws {
        let fixture = try SecurityFixture()
        try Self.fill(fixture, count: 12)
        try Self.execute(fixture, "UPDATE audit_log SET \(change) WHERE sequence = 7")
        #expect(try fixture.audit.verify() == .broken(sequence: 7, problem: .edited))
    }

    @Test("a changed MAC or a value of the wrong type is caught")
    func macAndTypes() throws {
        let fixture = try SecurityFixture()
        try Self.fill(fixture, count: 5)
        try Self.execute(fixture, "UPDATE audit_log SET mac = zeroblob(32) WHERE sequence = 4")
        #expect(try fixture.audit.verify() == .broken(sequence: 4, problem: .edited))
        let other = try SecurityFixture()
        try Self.fill(other, count: 5)
        try Self.execute(other, "UPDATE audit_log SET time = 'noon' WHERE sequence = 2")
        #expect(try other.audit.verify() == .broken(sequence: 2, problem: .malformed))
    }

    @Test("deleted rows are reported at the first missing sequence")
    func deleted() throws {
        for (deleted, next) in [(1, Int64?(2)), (6, 7), (12, nil)] as [(Int64, Int64?)] {
            let fixture = try SecurityFixture()
            try Self.fill(fixture, count: 12)
            try Self.execute(fixture, "DELETE FROM audit_log WHERE sequence = ?", [deleted])
            #expect(try fixture.audit.verify() == .broken(sequence: deleted, problem: .missing(nextPresent: next)))
        }
        let fixture = try SecurityFixture()
        try Self.fill(fixture, count: 12)
        try Self.execute(fixture, "DELETE FROM audit_log WHERE sequence >= 9")
        #expect(try fixture.audit.verify() == .broken(sequence: 9, problem: .missing(nextPresent: nil)))
    }

    @Test("reordered rows are reported at the first moved one", arguments: [(3, 9), (5, 6), (1, 12)])
    func reordered(first: Int64, second: Int64) throws {
        let fixture = try SecurityFixture()
        try Self.fill(fixture, count: 12)
        try Self.execute(fixture, "UPDATE audit_log SET sequence = -1 WHERE sequence = ?", [first])
        try Self.execute(fixture, "UPDATE audit_log SET sequence = ? WHERE sequence = ?", [first, second])
        try Self.execute(fixture, "UPDATE audit_log SET sequence = ? WHERE sequence = -1", [second])
        #expect(try fixture.audit.verify() == .broken(sequence: first, problem: .moved(belongsAt: second)))
    }

    @Test("an inserted row is reported at its position")
    func inserted() throws {
        let fixture = try SecurityFixture()
        try Self.fill(fixture, count: 12)
        try Self.execute(fixture, "UPDATE audit_log SET sequence = sequence + 1000 WHERE sequence >= 5")
        try Self.execute(fixture, "UPDATE audit_log SET sequence = sequence - 999 WHERE sequence >= 1000")
        try Self.execute(
            fixture,
            "INSERT INTO audit_log VALUES (5, 1767225604500000000, 'cli:mallory', 'resume', '', randomblob(32))"
        )
        #expect(try fixture.audit.verify() == .broken(sequence: 5, problem: .inserted))
    }

    @Test("a different key, a missing or altered head are caught, and appending refuses a foreign log")
    func keysAndHead() throws {
        let fixture = try SecurityFixture()
        try Self.fill(fixture, count: 4)
        let wrong = AuditLog(
            database: fixture.database,
            key: try AuditKey(bytes: Array(repeating: 2, count: 32)),
            clock: fixture.clock.read
        )
        #expect(try wrong.verify() == .broken(sequence: 1, problem: .wrongKey))
        #expect(throws: AuditError.corruptHead("it was written with a different audit key")) {
            try wrong.append(actor: "a", action: "b", details: "")
        }
        #expect(try fixture.audit.verify() == .intact(entries: 4))

        try Self.execute(fixture, "UPDATE audit_head SET head_mac = zeroblob(32)")
        #expect(try fixture.audit.verify() == .broken(sequence: 4, problem: .headMismatch))
        #expect(throws: AuditError.corruptHead("the head record was altered")) {
            try fixture.audit.append(actor: "a", action: "b", details: "")
        }
        try Self.execute(fixture, "DELETE FROM audit_head")
        #expect(try fixture.audit.verify() == .broken(sequence: 4, problem: .headMismatch))
        #expect(throws: AuditError.corruptHead("the log has rows but no head record")) {
            try fixture.audit.append(actor: "a", action: "b", details: "")
        }
    }

    @Test("reports name the first bad sequence and the cause")
    func descriptions() {
        let text = AuditVerification.broken(sequence: 17, problem: .missing(nextPresent: 18)).description
        #expect(text == "audit log broken at sequence 17: row missing (deleted); the next row present is 18")
        #expect(AuditProblem.moved(belongsAt: 3).description.contains("reordered"))
    }
}

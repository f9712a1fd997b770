import Foundation
import GRDB
import RampartCrypto
import RampartRules
import RampartStore
import Synchronization

/// A fresh database in its own temporary directory, with keys, a settable clock and the security components.
final class SecurityFixture {
    let directory: URL
    let store: Store
    let clock = TestClock(Timestamp(nanoseconds: 1_767_225_600_000_000_000))  // 2026-01-01T00:00:00Z
    let masterKey: MasterKey
    let auditKey: AuditKey

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("rampart-security-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try Store(path: directory.appendingPathComponent("rampart.sqlite").path)
        masterKey = try MasterKey(bytes: Array(0..<32))
        auditKey = AuditKey.derived(from: masterKey)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    var database: DatabasePool { store.database }
    var audit: AuditLog { AuditLog(database: store.database, key: auditKey, clock: clock.read) }
    var vault: CredentialVault { CredentialVault(database: store.database, key: masterKey, audit: audit) }
    var promotions: Promotions { Promotions(database: store.database, audit: audit, clock: clock.read) }
    var tokens: TokenStore { TokenStore(database: store.database, audit: audit) }

    /// The audit actions recorded so far, oldest first.
    func auditActions() throws -> [String] { try audit.entries().map(\.action) }

    /// Writes `bytes` to a new file in the fixture directory with `mode`.
    func writeFile(_ name: String, _ bytes: [UInt8], mode: Int) throws -> String {
        let path = directory.appendingPathComponent(name).path
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw CocoaError(.fileWriteUnknown)
        }
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }
}

/// A clock tests move by hand.
final class TestClock: Sendable {
    private let now: Mutex<Timestamp>

    init(_ start: Timestamp) { now = Mutex(start) }

    /// The current time (pass `clock.read` as the injected clock).
    @Sendable func read() -> Timestamp { now.withLock { $0 } }

    /// Moves the clock forward.
    func advance(seconds: Int64, nanoseconds: Int64 = 0) {
        now.withLock { $0 = Timestamp(nanoseconds: $0.nanoseconds + seconds * 1_000_000_000 + nanoseconds) }
    }
}

import ArgumentParser
import Foundation
import RampartRules
import RampartStore
import RampartSystem

/// `rampart restore`: puts a backup back as the service's database, after checking it, never under a running
/// service.
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a `rampart backup` copy as the database (stop `rampart serve` first).",
        discussion: """
            The backup is copied to a new file and checked there first: SQLite integrity_check, the journal's \
            migrations, and the audit log's hash chain (needs the master or audit key, like `audit verify`). Only \
            then does the copy replace --db; the replaced database (and its -wal and -shm files) is kept beside it \
            as FILE.replaced-TIMESTAMP. Refuses while a running service holds the database (its FILE.lock). The \
            restore is appended to the restored audit log.
            """
    )

    @Option(help: "The backup to restore (written by `rampart backup`).")
    var from: String

    @OptionGroup var store: StoreOptions

    func run() throws {
        guard SystemProcess.exists(from) else {
            Terminal.printError("\(from): error: no such backup")
            throw ExitCode.failure
        }
        let auditKey = try AdminContext.auditKey()
        // The same lock `rampart serve` holds for its lifetime: taken here for the whole restore.
        let lock: FileLock?
        do {
            lock = try FileLock.acquire(store.db + ".lock")
        } catch {
            Terminal.printError("error: cannot lock the database: \(error)")
            throw ExitCode.failure
        }
        guard let lock else {
            Terminal.printError(
                "\(store.db): error: a running rampart serve holds this database (\(store.db).lock); stop it first"
            )
            throw ExitCode.failure
        }
        defer { lock.release() }
        let staging = store.db + ".restoring"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: staging + suffix) }
        let check = try AdminContext.run { try Store.copy(from: from, to: staging) }
        guard check == "ok" else {
            Terminal.printError("\(from): error: the backup fails integrity_check: \(check); nothing was changed")
            throw ExitCode.failure
        }
        // Newer migrations are applied to the copy (never to the backup); then its audit chain is checked.
        let verification: AuditVerification
        do {
            verification = try Store.migrated(staging) { database in
                try AuditLog(database: database, key: auditKey, clock: Timestamp.now).verify()
            }
            guard verification.isIntact else {
                Terminal.printError("\(from): error: the backup's audit chain is broken: \(verification)")
                throw ExitCode.failure
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            Terminal.printError("\(from): error: the backup cannot be opened as a Rampart database: \(error)")
            throw ExitCode.failure
        }
        var replaced: String?
        if SystemProcess.exists(store.db) {
            let aside = store.db + ".replaced-" + String(Timestamp.now().nanoseconds / 1_000_000_000)
            for suffix in ["", "-wal", "-shm"] where SystemProcess.exists(store.db + suffix) {
                try AdminContext.run {
                    try FileManager.default.moveItem(atPath: store.db + suffix, toPath: aside + suffix)
                }
            }
            replaced = aside
        }
        // The copy was checkpointed and closed: its -wal and -shm (if any are left) hold nothing.
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: staging + suffix) }
        try AdminContext.run { try FileManager.default.moveItem(atPath: staging, toPath: store.db) }
        let restored = try store.openExisting()
        try AdminContext.run {
            _ = try AuditLog(database: restored.database, key: auditKey, clock: Timestamp.now).append(
                actor: AdminContext.actor,
                action: "restore",
                details: "from=\(from)" + (replaced.map { " replaced=\($0)" } ?? "")
            )
        }
        print("restored \(from) to \(store.db) (integrity_check ok, \(verification.description))")
        if let replaced { print("the replaced database is kept at \(replaced)") }
    }
}

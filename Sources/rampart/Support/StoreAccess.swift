import ArgumentParser
import Foundation
import RampartRules
import RampartStore

/// Opening the database and the keys for the admin commands.
struct StoreOptions: ParsableArguments {
    @Option(help: "The SQLite database.")
    var db: String = "var/rampart.sqlite"

    /// The store of a database that must exist already, or exit 1: a command that reads (state, audit, backup,
    /// token list, …) never creates an empty database behind a typo.
    func openExisting() throws -> Store {
        guard FileManager.default.fileExists(atPath: db) else {
            Terminal.printError(
                "\(db): error: no such database (rampart serve, token create, credentials set and stop create one)"
            )
            throw ExitCode.failure
        }
        return try open()
    }

    /// The store, or exit 1 with the reason; creates the database (and its directory, e.g. `var/`) when missing.
    func open() throws -> Store {
        let directory = (db as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        do {
            return try Store(path: db)
        } catch {
            Terminal.printError("\(db): error: cannot open the database: \(error)")
            throw ExitCode.failure
        }
    }
}

/// Key material and the acting user, from the environment.
enum AdminContext {
    /// Who the audit log names: `cli:$USER`.
    static var actor: String { "cli:\(ProcessInfo.processInfo.environment["USER"] ?? "unknown")" }

    /// The audit log over `store`, or exit 1 when no audit key is configured (admin actions are never unaudited).
    static func auditLog(_ store: Store) throws -> AuditLog {
        AuditLog(database: store.database, key: try auditKey(), clock: Timestamp.now)
    }

    /// The audit key (dedicated, or derived from the master key), or exit 1 with which variables to set.
    static func auditKey() throws -> AuditKey {
        do {
            return try AuditKey.load(environment: ProcessInfo.processInfo.environment)
        } catch {
            Terminal.printError("error: \(error)")
            throw ExitCode.failure
        }
    }

    /// The master key, or exit 1 with which variables to set.
    static func masterKey() throws -> MasterKey {
        do {
            return try MasterKey.load(environment: ProcessInfo.processInfo.environment)
        } catch {
            Terminal.printError("error: \(error)")
            throw ExitCode.failure
        }
    }

    /// Runs `body`, printing a failure as `error: …` and exiting 1.
    static func run<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let exit as ExitCode {
            throw exit
        } catch {
            Terminal.printError("error: \(error)")
            throw ExitCode.failure
        }
    }
}

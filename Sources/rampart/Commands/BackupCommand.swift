import ArgumentParser
import RampartStore
import RampartSystem

/// `rampart backup`: an online copy of the database, checked after writing.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract:
            "Copy the database with SQLite's online backup API (safe while `rampart serve` runs) and check the copy."
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "Where to write the copy (must not exist).")
    var to: String

    func run() throws {
        if SystemProcess.exists(to) {
            Terminal.printError("error: \(to) already exists; choose a new file")
            throw ExitCode.failure
        }
        let database = try store.openExisting()
        let check = try AdminContext.run { try database.backup(to: to) }
        guard check == "ok" else {
            Terminal.printError("error: the copy at \(to) failed integrity_check: \(check)")
            throw ExitCode.failure
        }
        print("backed up \(store.db) to \(to) (integrity_check ok)")
    }
}

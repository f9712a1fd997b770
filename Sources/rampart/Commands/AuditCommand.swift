import ArgumentParser
import RampartStore

/// `rampart audit verify|list`: checks the HMAC chain of the audit log.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Verify or list the audit log (key from RAMPART_AUDIT_KEY_FILE/RAMPART_AUDIT_KEY or the master key).",
        subcommands: [Verify.self, List.self]
    )

    /// Verifies the chain and reports the first bad row; exit 1 when broken.
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every row of the audit chain; exit 1 at the first bad row."
        )
        @OptionGroup var store: StoreOptions

        func run() throws {
            let database = try store.openExisting()
            let verification = try AdminContext.run { try AdminContext.auditLog(database).verify() }
            print(verification.description)
            if !verification.isIntact { throw ExitCode.failure }
        }
    }

    /// Prints the entries.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the audit entries.")
        @OptionGroup var store: StoreOptions

        func run() throws {
            let database = try store.openExisting()
            for entry in try AdminContext.run({ try AdminContext.auditLog(database).entries() }) {
                print("\(entry.sequence)  \(entry.time)  \(entry.actor)  \(entry.action)  \(entry.details)")
            }
        }
    }
}

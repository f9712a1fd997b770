import ArgumentParser
import RampartStore

/// `rampart credentials set|list|delete|test`: venue API keys, encrypted at rest.
struct CredentialsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credentials",
        abstract:
            "Store, list, delete and test venue credentials (AES-256-GCM; key from RAMPART_MASTER_KEY_FILE or RAMPART_MASTER_KEY).",
        subcommands: [Set.self, List.self, Delete.self, Test.self]
    )

    /// Reads the API key and then the secret from standard input, one per line.
    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read the API key, then the secret, from stdin (one per line)."
        )
        @OptionGroup var store: StoreOptions
        @Option(help: "Venue name, e.g. binance.") var venue: String

        func run() throws {
            let lines = String(decoding: Terminal.readStandardInput(), as: UTF8.self)
                .split(separator: "\n", omittingEmptySubsequences: false).map {
                    String($0.hasSuffix("\r") ? $0.dropLast() : $0)
                }
            guard lines.count >= 2, !lines[0].isEmpty, !lines[1].isEmpty else {
                Terminal.printError("error: expected the API key and the secret on standard input, one per line")
                throw ExitCode.failure
            }
            let database = try store.open()
            let vault = CredentialVault(
                database: database.database,
                key: try AdminContext.masterKey(),
                audit: try AdminContext.auditLog(database)
            )
            try AdminContext.run {
                try vault.set(venue: venue, apiKey: lines[0], secret: lines[1], actor: AdminContext.actor)
            }
            print("stored credentials for \(venue)")
        }
    }

    /// Lists venues with stored credentials (never the values).
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List venues with stored credentials.")
        @OptionGroup var store: StoreOptions

        func run() throws {
            let database = try store.openExisting()
            let vault = CredentialVault(
                database: database.database,
                key: try AdminContext.masterKey(),
                audit: try AdminContext.auditLog(database)
            )
            for entry in try AdminContext.run({ try vault.list() }) {
                print("\(entry.venue)  created \(entry.createdAt)  updated \(entry.updatedAt)")
            }
        }
    }

    /// Deletes a venue's credentials.
    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a venue's credentials.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Venue name.") var venue: String

        func run() throws {
            let database = try store.openExisting()
            let vault = CredentialVault(
                database: database.database,
                key: try AdminContext.masterKey(),
                audit: try AdminContext.auditLog(database)
            )
            try AdminContext.run { try vault.delete(venue: venue, actor: AdminContext.actor) }
            print("deleted credentials for \(venue)")
        }
    }
}

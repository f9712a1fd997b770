import ArgumentParser
import RampartStore

/// `rampart token create|list|revoke`: bearer tokens for `rampart serve` (stored as SHA-256 hashes).
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Create, list and revoke API tokens (roles: trader, ops, admin).",
        subcommands: [Create.self, List.self, Revoke.self]
    )

    /// Creates a token and prints it once.
    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token; it is printed once and stored hashed."
        )
        @OptionGroup var store: StoreOptions
        @Option(help: "trader, ops or admin.") var role: String
        @Option(help: "A unique name for the token.") var name: String

        func run() throws {
            guard let tokenRole = Role(rawValue: role) else {
                Terminal.printError("error: --role must be trader, ops or admin, not '\(role)'")
                throw ExitCode(2)
            }
            let database = try store.open()
            let tokens = TokenStore(database: database.database, audit: try AdminContext.auditLog(database))
            print(try AdminContext.run { try tokens.create(role: tokenRole, name: name, actor: AdminContext.actor) })
        }
    }

    /// Lists token names and roles (never the tokens).
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List token names and roles.")
        @OptionGroup var store: StoreOptions

        func run() throws {
            let database = try store.open()
            let tokens = TokenStore(database: database.database, audit: try AdminContext.auditLog(database))
            for token in try AdminContext.run({ try tokens.list() }) {
                print("\(token.name)  \(token.role.rawValue)  created \(token.createdAt)")
            }
        }
    }

    /// Revokes a token by name.
    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by name.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The token's name.") var name: String

        func run() throws {
            let database = try store.open()
            let tokens = TokenStore(database: database.database, audit: try AdminContext.auditLog(database))
            try AdminContext.run { try tokens.revoke(name: name, actor: AdminContext.actor) }
            print("revoked \(name)")
        }
    }
}

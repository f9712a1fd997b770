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
        @Option(
            help: "Traders only: the bots it may trade for, comma-separated globs ('grid-*,scalper-1'; '*' for all)."
        )
        var bots: String?
        @Option(help: "Traders only: the accounts it may trade in, comma-separated globs ('*' for all).")
        var accounts: String?

        func run() throws {
            guard let tokenRole = Role(rawValue: role) else {
                Terminal.printError("error: --role must be trader, ops or admin, not '\(role)'")
                throw ExitCode(2)
            }
            var scope: TokenScope?
            switch (bots, accounts) {
            case (nil, nil): scope = nil
            case (let bots?, let accounts?):
                guard let parsed = TokenScope(bots: bots, accounts: accounts) else {
                    Terminal.printError(
                        "error: --bots and --accounts take comma-separated names or globs (A-Z a-z 0-9 . _ : - and *)"
                    )
                    throw ExitCode(2)
                }
                scope = parsed
            default:
                Terminal.printError("error: give --bots and --accounts together ('*' for all)")
                throw ExitCode(2)
            }
            let database = try store.open()
            let tokens = TokenStore(database: database.database, audit: try AdminContext.auditLog(database))
            print(
                try AdminContext.run {
                    try tokens.create(role: tokenRole, name: name, scope: scope, actor: AdminContext.actor)
                }
            )
        }
    }

    /// Lists token names and roles (never the tokens).
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List token names, roles and trader scopes.")
        @OptionGroup var store: StoreOptions

        func run() throws {
            let database = try store.openExisting()
            let tokens = TokenStore(database: database.database, audit: try AdminContext.auditLog(database))
            for token in try AdminContext.run({ try tokens.list() }) {
                let scope = token.scope.map { "  \($0)" } ?? ""
                print("\(token.name)  \(token.role.rawValue)  created \(token.createdAt)\(scope)")
            }
        }
    }

    /// Revokes a token by name.
    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by name.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The token's name.") var name: String

        func run() throws {
            let database = try store.openExisting()
            let tokens = TokenStore(database: database.database, audit: try AdminContext.auditLog(database))
            try AdminContext.run { try tokens.revoke(name: name, actor: AdminContext.actor) }
            print("revoked \(name)")
        }
    }
}

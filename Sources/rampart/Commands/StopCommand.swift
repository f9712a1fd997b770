import ArgumentParser
import RampartRules
import RampartStore

/// `rampart stop`: an emergency stop written into the database, with the service up or down.
struct StopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop",
        abstract: "Halt trading from the command line, whether the service runs or not.",
        discussion: """
            Writes the halt into --db (audited). A running `rampart serve` on that database applies it within a \
            second; a service started later applies it before it serves. Resume through the API \
            (POST /v1/resume, admin).
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "global, account:NAME or bot:NAME.")
    var scope = "global"

    @Option(help: "Why; kept in the audit log and the trading state.")
    var reason = "emergency stop"

    func run() throws {
        guard let parsed = TradingScope(parsing: scope) else {
            Terminal.printError("error: --scope must be global, account:NAME or bot:NAME, not '\(scope)'")
            throw ExitCode(2)
        }
        let database = try store.open()
        let requests = StopRequests(database: database.database, audit: try AdminContext.auditLog(database))
        let id = try AdminContext.run {
            try requests.request(
                scope: parsed,
                reason: "\(reason) (by \(AdminContext.actor))",
                actor: AdminContext.actor
            )
        }
        print(
            "halt of \(parsed) written (request \(id)); a running service applies it within a second, "
                + "a service started later before it serves"
        )
    }
}

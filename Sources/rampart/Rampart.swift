import ArgumentParser
import NIOCore
import NIOPosix
import RampartSystem

/// The `rampart` command: operator tools over the Rampart modules.
@main
struct Rampart: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rampart",
        abstract: "Pre-trade rules engine: lint, explain, compare and try profiles; replay trades through them.",
        subcommands: [
            LintCommand.self, ExplainCommand.self, DiffCommand.self, CheckCommand.self, DryRunCommand.self,
            ServeCommand.self,
            StateCommand.self, StopCommand.self, TokenCommand.self, PromoteCommand.self, CredentialsCommand.self,
            AuditCommand.self,
            BackupCommand.self,
            RestoreCommand.self,
            VerifyCommand.self,
        ]
    )

    /// Runs a command with Rampart's exit codes: 0 success, 1 errors found, 2 usage, 3 order denied.
    static func main() async {
        if CommandLine.arguments.dropFirst().first == "serve" {
            // The service runs its tasks on NIO's event loops instead of the default pool: no thread hop between
            // the HTTP channel and the handler. Measured on 2 cores: check +8–20% req/s, orders p99 −25%
            // (docs/performance.md). `--event-loops` (default: one per core) sets how many. Must happen before any
            // task is enqueued, hence here.
            NIOSingletons.groupLoopCountSuggestion = ServeCommand.eventLoopCount(
                arguments: Array(CommandLine.arguments.dropFirst(2)),
                cores: System.coreCount
            )
            _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        }
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                SystemProcess.exit(0)
            }
            if !message.isEmpty { Terminal.printError(message) }
            SystemProcess.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}

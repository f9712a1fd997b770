import ArgumentParser
import RampartConfig
import RampartRules

/// `rampart serve`'s options for bot-executed orders and backtest sessions.
struct BotExecutionOptions: ParsableArguments {
    @Option(
        name: .customLong("external-ttl"),
        help: "How long a bot-executed order's reservation is held without being settled (e.g. 1h, 10m)."
    )
    var externalTTL = "1h"

    @Option(name: .customLong("max-sessions"), help: "The most backtest sessions open at once.")
    var maxSessions = 16

    @Option(name: .customLong("session-ttl"), help: "A backtest session unused this long is ended (e.g. 1h).")
    var sessionTTL = "1h"

    func validate() throws {
        _ = try externalReservationTTL()
        _ = try idleSessionTTL()
        guard maxSessions >= 1 else { throw ValidationError("--max-sessions must be at least 1") }
    }

    /// `--external-ttl` as a duration.
    func externalReservationTTL() throws -> Duration { try Self.duration(externalTTL, option: "--external-ttl") }

    /// `--session-ttl` as a duration.
    func idleSessionTTL() throws -> Duration { try Self.duration(sessionTTL, option: "--session-ttl") }

    /// A whole number and a unit (`90s`, `10m`, `1h`), longer than zero.
    private static func duration(_ text: String, option: String) throws -> Duration {
        let span: TimeSpan
        do {
            span = try ScalarGrammar.parseDuration(text)
        } catch {
            throw ValidationError("\(option): \(error)")
        }
        guard span.nanoseconds > 0 else { throw ValidationError("\(option) must be longer than 0s") }
        return .nanoseconds(span.nanoseconds)
    }
}

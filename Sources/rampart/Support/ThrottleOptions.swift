import ArgumentParser
import RampartConfig
import RampartRules
import RampartService

/// `rampart serve`'s throttles (DESIGN §9): failed authentications per client address, requests per token.
struct ThrottleOptions: ParsableArguments {
    @Option(
        name: .customLong("auth-failure-rate"),
        help: ArgumentHelp(
            "Failed authentications one client address may make, COUNT/DURATION (a burst of COUNT, refilled over DURATION), or off.",
            discussion:
                "Past it the address gets 429 with Retry-After before its token is looked up; a token the service has already accepted still gets through."
        )
    )
    var authFailureRate = "5/1m"

    @Option(
        name: .customLong("token-rate"),
        help: ArgumentHelp(
            "Requests one token may make, COUNT/DURATION (a burst of COUNT, refilled over DURATION), or off.",
            discussion: "Past it the token's requests get 429 with Retry-After; the emergency stop is never refused."
        )
    )
    var tokenRate = "1000/1s"

    func validate() throws {
        _ = try configuration()
    }

    /// The throttles for `RampartServer.open`.
    func configuration() throws -> ThrottleConfiguration {
        ThrottleConfiguration(
            authFailureRate: try Self.rate(authFailureRate, option: "--auth-failure-rate"),
            tokenRate: try Self.rate(tokenRate, option: "--token-rate")
        )
    }

    /// `off` as nil, else a rate in the profile grammar (`5/1m`, `1000/1s`) with a count of at least 1.
    static func rate(_ text: String, option: String) throws -> Rate? {
        if text == "off" { return nil }
        let rate: Rate
        do {
            rate = try ScalarGrammar.parseRate(text)
        } catch {
            throw ValidationError("\(option): \(error.description), or off")
        }
        guard rate.count > 0, rate.window.nanoseconds > 0 else {
            throw ValidationError("\(option): \(text) allows nothing; give a count and window above 0, or off")
        }
        guard rate.count <= 1_000_000 else {
            throw ValidationError("\(option): \(text) is over 1000000 per window; say off for no limit")
        }
        return rate
    }
}

import ArgumentParser
import Foundation
import RampartDesk

/// `rampart serve`'s market data (DESIGN §7): where the gate's own quotes and symbol filters come from.
struct MarketDataOptions: ParsableArguments {
    @Option(
        name: .customLong("market-data"),
        help: ArgumentHelp(
            "Binance-compatible public REST root for quotes and symbol filters, no keys (e.g. https://api.binance.com); default: --venue-url when given.",
            discussion:
                "Without market data, paper orders are priced by the caller (market_data.require: live) and live orders are denied."
        )
    )
    var url: String?

    @Flag(name: .customLong("no-market-data"), help: "Run without market data even when --venue-url is given.")
    var disabled = false

    @Option(name: .customLong("market-poll-ms"), help: "Milliseconds between quote polls.")
    var pollMilliseconds = 1_000

    @Option(name: .customLong("market-timeout-ms"), help: "Milliseconds one quote request may take.")
    var timeoutMilliseconds = 2_000

    @Option(
        name: .customLong("market-max-backoff-s"),
        help: "Longest wait in seconds between polls while the source fails."
    )
    var maxBackoffSeconds = 30

    @Option(
        name: .customLong("market-symbols"),
        help: "Comma-separated BASE/QUOTE symbols to poll from the start (besides those orders name)."
    )
    var symbols = ""

    func validate() throws {
        if let url {
            guard let parsed = URL(string: url), let scheme = parsed.scheme, ["http", "https"].contains(scheme),
                let host = parsed.host, !host.isEmpty
            else {
                throw ValidationError(
                    "--market-data \(url) is not an http(s) URL (expected e.g. https://api.binance.com)"
                )
            }
        }
        guard pollMilliseconds > 0 else { throw ValidationError("--market-poll-ms must be positive") }
        guard timeoutMilliseconds > 0 else { throw ValidationError("--market-timeout-ms must be positive") }
        guard maxBackoffSeconds > 0 else { throw ValidationError("--market-max-backoff-s must be positive") }
        for symbol in symbolList where symbol.split(separator: "/").count != 2 {
            throw ValidationError("--market-symbols: '\(symbol)' is not BASE/QUOTE")
        }
    }

    private var symbolList: [String] {
        symbols.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The feed's options, or nil when there is no source (no --market-data, no --venue-url) or it is disabled.
    func configuration(venueURL: String?) -> PriceFeedOptions? {
        guard !disabled, let source = url ?? venueURL else { return nil }
        return PriceFeedOptions(
            baseURL: source,
            pollInterval: .milliseconds(pollMilliseconds),
            timeout: .milliseconds(timeoutMilliseconds),
            maxBackoff: .seconds(maxBackoffSeconds),
            symbols: symbolList
        )
    }
}

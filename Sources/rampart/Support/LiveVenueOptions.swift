import ArgumentParser
import Foundation
import RampartDesk

/// `rampart serve`'s live venue: where permitted live orders go, and how patiently their outcome is awaited.
struct LiveVenueOptions: ParsableArguments {
    @Option(
        name: .customLong("venue-url"),
        help:
            "Binance-compatible spot API root for live orders (e.g. https://testnet.binance.vision); without it, live orders are released unplaced."
    )
    var venueURL: String?

    @Option(
        name: .customLong("venue-credentials"),
        help: "Name of the stored credentials (`rampart credentials set --venue NAME`)."
    )
    var credentialsName = "binance"

    @Option(
        name: .customLong("venue-timeout-ms"),
        help: "Milliseconds one venue call may take before its outcome is unknown."
    )
    var timeoutMilliseconds = 10_000

    @Option(name: .customLong("venue-recv-window-ms"), help: "Binance recvWindow in milliseconds (1…60000).")
    var recvWindowMilliseconds = 5_000

    @Option(
        name: .customLong("reconcile-interval"),
        help: "Seconds between reconciliation passes over pending live orders."
    )
    var reconcileInterval = 10

    func validate() throws {
        if let venueURL { try Self.validate(venueURL: venueURL) }
        guard timeoutMilliseconds > 0 else { throw ValidationError("--venue-timeout-ms must be positive") }
        guard (1...60_000).contains(recvWindowMilliseconds) else {
            throw ValidationError("--venue-recv-window-ms must be 1…60000")
        }
        guard reconcileInterval > 0 else { throw ValidationError("--reconcile-interval must be positive") }
    }

    /// Refuses a `--venue-url` that is not a URL, or sends the API key in plain HTTP beyond this machine
    /// (`serve` and `credentials test` share the rule).
    static func validate(venueURL: String) throws {
        guard let url = URL(string: venueURL), let scheme = url.scheme, let host = url.host, !host.isEmpty else {
            throw ValidationError("--venue-url \(venueURL) is not a URL (expected e.g. https://testnet.binance.vision)")
        }
        // The API key travels in a header: plain HTTP only to a venue on this machine (a test venue).
        let loopback = ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host)
        guard scheme == "https" || (scheme == "http" && loopback) else {
            throw ValidationError(
                "--venue-url must use https:// (http:// only for a venue on 127.0.0.1), not \(venueURL)"
            )
        }
    }

    /// The venue as the desk takes it, or nil when no `--venue-url` is given.
    func configuration() throws -> VenueConfiguration? {
        guard let venueURL else { return nil }
        return VenueConfiguration(
            baseURL: venueURL,
            credentialsName: credentialsName,
            masterKey: try AdminContext.masterKey(),
            timeout: .milliseconds(timeoutMilliseconds),
            recvWindow: .milliseconds(recvWindowMilliseconds)
        )
    }
}

import AsyncHTTPClient
import RampartCrypto
public import RampartExecution
public import RampartStore

/// A test of one venue's stored credentials: read them from the vault, make a signed read-only call to the venue
/// (`BinanceCredentialCheck`), and audit the verdict. `rampart credentials test` and
/// `POST /v1/credentials/{venue}/test` both run it.
public struct CredentialTest: Sendable {
    /// The credentials' name in the vault (`rampart credentials set --venue NAME`).
    public var venue: String
    /// The venue's API root, such as `https://testnet.binance.vision`.
    public var baseURL: String
    /// The `recvWindow` the signed call carries.
    public var recvWindow: Duration
    /// How long each call to the venue may take.
    public var timeout: Duration

    /// Creates a test of `venue`'s credentials against `baseURL`.
    public init(venue: String, baseURL: String, recvWindow: Duration, timeout: Duration) {
        self.venue = venue
        self.baseURL = baseURL
        self.recvWindow = recvWindow
        self.timeout = timeout
    }

    /// Runs the test and appends `credentials.test` (venue, URL, verdict, offset; never the secret) to `audit` as
    /// `actor`. A test whose result cannot be audited throws `.notAudited` carrying the result.
    public func run(
        vault: CredentialVault,
        audit: AuditLog,
        actor: String
    ) async throws(CredentialTestError)
        -> CredentialReport
    {
        let credentials: VenueCredentials
        do {
            credentials = try vault.credentials(for: venue)
        } catch {
            throw .credentials(venue: venue, error)
        }
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow  // a signed request goes to the URL given, nowhere else
        // AsyncHTTPClient's span attributes crash under Swift 6.3.1 on Linux (null metadata); no tracing.
        configuration.tracing.tracer = nil
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let report = await BinanceCredentialCheck(
            baseURL: baseURL,
            credentials: credentials,
            httpClient: client,
            recvWindow: recvWindow,
            timeout: timeout
        ).run()
        try? await client.shutdown()
        do {
            _ = try audit.append(actor: actor, action: "credentials.test", details: Self.auditDetails(report, venue))
        } catch {
            throw .notAudited(report, reason: "\(error)")
        }
        return report
    }

    /// `venue=binance url=… result=works offset_ms=3 http=200 code=- key=abcd…`.
    static func auditDetails(_ report: CredentialReport, _ venue: String) -> String {
        var details = "venue=\(venue) url=\(report.baseURL) result=\(report.verdict.rawValue)"
        if let withVenueTime = report.verdictWithVenueTime {
            details += " with_venue_time=\(withVenueTime.rawValue)"
        }
        details += " offset_ms=" + (report.clock.map { String($0.offsetMilliseconds) } ?? "-")
        details += " http=" + (report.httpStatus.map { String($0) } ?? "-")
        details += " code=" + (report.venueCode.map { String($0) } ?? "-")
        return details + " key=\(report.apiKeyPrefix)"
    }
}

/// Why a credentials test did not run, or ran but was not audited.
public enum CredentialTestError: Error, Sendable, CustomStringConvertible {
    /// The service runs without `--venue-url`: it has no venue to call.
    case noVenueConfigured
    /// The service's venue has another name than the one asked for.
    case unknownVenue(requested: String, configured: String)
    /// The credentials cannot be read: none stored, or they do not decrypt under the master key.
    case credentials(venue: String, VaultError)
    /// The test ran (its result is here) but the audit log did not take the entry.
    case notAudited(CredentialReport, reason: String)

    public var description: String {
        switch self {
        case .noVenueConfigured:
            "this service runs without --venue-url, so it has no venue to test; test from the command line: "
                + "rampart credentials test --venue NAME --venue-url URL --db FILE"
        case .unknownVenue(let requested, let configured):
            "this service's venue is \"\(configured)\" (--venue-credentials), not \"\(requested)\""
        case .credentials(let venue, .notFound(venue: _)):
            "no credentials stored for venue \(venue) (store them with `rampart credentials set --venue \(venue)`)"
        case .credentials(_, let error):
            "\(error)"
        case .notAudited(let report, let reason):
            "the test ran (\(report.verdict.title)) but could not be audited: \(reason)"
        }
    }
}

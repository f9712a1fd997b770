public import AsyncHTTPClient
import NIOCore
import NIOHTTP1
public import RampartCrypto
import RampartJSON
public import RampartRules

/// Tests a Binance-compatible venue's credentials without trading: reads the venue's clock (`GET /api/v3/time`,
/// public) to measure the offset, then makes one signed read-only call (`GET /api/v3/account`, signed like the
/// order calls, with `timestamp` and `recvWindow`) and turns the answer into one `CredentialReport`.
///
/// Binance does not always tell causes apart, and the report says so rather than guess: `-2015` ("Invalid API-key,
/// IP, or permissions for action") is its answer both to a key it does not know and to an address outside the key's
/// IP list (`keyOrAddressRejected`). An address refused before the venue reads the request shows as HTTP 403
/// without a venue code (a firewall page), 451 (a restricted location) or 418 (a temporary ban after too many
/// requests): `addressNotAllowed`, with the key unchecked.
public struct BinanceCredentialCheck: Sendable {
    /// The API root, such as `https://testnet.binance.vision`.
    public let baseURL: String
    private let credentials: VenueCredentials
    private let httpClient: HTTPClient
    private let clock: @Sendable () -> Timestamp
    /// The `recvWindow` the signed call carries (use the one orders are sent with).
    public let recvWindow: Duration
    /// How long each of the two calls may take.
    public let timeout: Duration

    /// An account answer lists every asset's balance: generous, but bounded.
    private static let maximumBodyBytes = 4 << 20

    /// Creates a check of `credentials` at `baseURL` (no trailing slash needed) over the caller's `httpClient`.
    public init(
        baseURL: String,
        credentials: VenueCredentials,
        httpClient: HTTPClient,
        clock: @escaping @Sendable () -> Timestamp = Timestamp.now,
        recvWindow: Duration = .seconds(5),
        timeout: Duration = .seconds(10)
    ) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.credentials = credentials
        self.httpClient = httpClient
        self.clock = clock
        self.recvWindow = recvWindow
        self.timeout = timeout
    }

    /// One exchange with the venue: its answer, or why there was none.
    enum Exchange {
        case answered(status: Int, body: [UInt8])
        case unreachable(String)
    }

    /// Reads the clock, makes the signed call, and judges the answer. With a clock the venue would refuse, the call
    /// is stamped with the venue's time instead, so the report also says whether the key and secret work.
    public func run() async -> CredentialReport {
        let window = BinanceSpotVenue.milliseconds(recvWindow)
        let reading: VenueClockReading?
        switch await readClock() {
        case .success(let measured): reading = measured
        case .failure(let failure):
            return report(.unreachable, "GET /api/v3/time at \(baseURL): \(failure.reason).", clock: nil)
        }
        if let reading, reading.isRefused(recvWindowMilliseconds: window) {
            let withVenueTime = judge(await signedAccountCall(shiftedBy: reading.offsetMilliseconds), clock: reading)
            var skew = report(
                .clockSkew,
                "The venue would refuse this machine's timestamps: \(reading.description) (round trip "
                    + "\(reading.roundTripMilliseconds) ms), and it refuses a request stamped 1000 ms or more ahead of "
                    + "its clock, or more than recvWindow = \(window) ms behind it.",
                clock: reading
            )
            skew.verdictWithVenueTime = withVenueTime.verdict
            skew.summary += " Stamped with the venue's time, the same call answered: \(withVenueTime.verdict.title)."
            return skew
        }
        return judge(await signedAccountCall(shiftedBy: 0), clock: reading)
    }

    // MARK: The two calls

    /// `GET /api/v3/time`: the venue's offset, measured around the call; nil when the venue answered without a
    /// `serverTime` (the signed call then says more).
    private func readClock() async -> Result<VenueClockReading?, Unreachable> {
        let sentAt = clock().nanoseconds / 1_000_000
        let started = ContinuousClock.now
        let exchange = await send(HTTPClientRequest(url: baseURL + "/api/v3/time"))
        let roundTrip = BinanceSpotVenue.milliseconds(ContinuousClock.now - started)
        switch exchange {
        case .unreachable(let reason): return .failure(Unreachable(reason: reason))
        case .answered(let status, let body):
            guard status == 200, let json = try? JSONParser.parse(body),
                case .number(let text)? = json["serverTime"], let serverTime = Int64(text)
            else { return .success(nil) }
            // The venue read its clock about halfway through the round trip.
            let offset = serverTime - (sentAt + roundTrip / 2)
            return .success(VenueClockReading(offsetMilliseconds: offset, roundTripMilliseconds: roundTrip))
        }
    }

    /// Why a call got no answer.
    struct Unreachable: Error {
        var reason: String
    }

    /// `GET /api/v3/account`, signed, stamped with this machine's clock moved by `shift` milliseconds.
    private func signedAccountCall(shiftedBy shift: Int64) async -> Exchange {
        let parameters = [
            ("recvWindow", String(BinanceSpotVenue.milliseconds(recvWindow))),
            ("timestamp", String(clock().nanoseconds / 1_000_000 + shift)),
        ]
        let payload = BinanceSpotVenue.signedPayload(parameters, secret: credentials.secret)
        var request = HTTPClientRequest(url: baseURL + "/api/v3/account?" + payload)
        request.headers.add(name: "X-MBX-APIKEY", value: credentials.apiKey)
        return await send(request)
    }

    private func send(_ request: HTTPClientRequest) async -> Exchange {
        var request = request
        request.method = .GET
        request.headers.add(name: "Accept", value: "application/json")
        do {
            let response = try await httpClient.execute(
                request,
                timeout: .nanoseconds(BinanceSpotVenue.nanoseconds(timeout))
            )
            let body = try await response.body.collect(upTo: Self.maximumBodyBytes)
            return .answered(status: Int(response.status.code), body: Array(body.readableBytesView))
        } catch is NIOTooManyBytesError {
            return .answered(status: 0, body: Array("answer larger than \(Self.maximumBodyBytes) bytes".utf8))
        } catch {
            return .unreachable(Self.unreachableReason(error, timeout: timeout))
        }
    }

    /// Why a request got no answer, in words: refused, timed out, name not resolved, TLS failed.
    static func unreachableReason(_ error: any Error, timeout: Duration) -> String {
        if let error = error as? HTTPClientError {
            let timeouts: [HTTPClientError] = [
                .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .getConnectionFromPoolTimeout,
                .tlsHandshakeTimeout,
            ]
            if timeouts.contains(error) {
                return "no answer within \(BinanceSpotVenue.milliseconds(timeout)) ms (\(error))"
            }
            if error == .remoteConnectionClosed { return "the venue closed the connection without answering" }
        }
        let text = "\(error)"
        let lowered = text.lowercased()
        let words: [(String, [String])] = [
            ("connection refused: nothing listens at that address and port", ["refused"]),
            ("the host name could not be resolved (DNS)", ["dns", "resolve", "nodename", "name or service", "lookup"]),
            ("the TLS handshake failed (certificate or protocol)", ["ssl", "tls", "certificate", "handshake"]),
        ]
        let reason = words.first { _, keys in keys.contains { lowered.contains($0) } }?.0 ?? "the request failed"
        return "\(reason) [\(text)]"
    }

    // MARK: Judging the answer

    /// The report for the signed call's answer.
    private func judge(_ exchange: Exchange, clock reading: VenueClockReading?) -> CredentialReport {
        let status: Int
        let body: [UInt8]
        switch exchange {
        case .unreachable(let reason):
            return report(.unreachable, "GET /api/v3/account at \(baseURL): \(reason).", clock: reading)
        case .answered(let answeredStatus, let answeredBody):
            status = answeredStatus
            body = answeredBody
        }
        if (200..<300).contains(status) { return worked(status: status, body: body, clock: reading) }
        let error = BinanceAnswer.error(httpStatus: status, body: body)
        let message = redacted(error?.message ?? Self.excerpt(body))
        let quoted = "HTTP \(status)" + (error.map { ", code \($0.code)" } ?? "") + ": \"\(message)\""
        let verdict: CredentialVerdict
        var summary: String
        switch (error?.code, status) {
        case (.some(-2014), _), (.some(-2008), _):
            verdict = .wrongKey
            summary = "The venue does not accept the API key (\(quoted))."
        case (.some(-2015), _):
            verdict = .keyOrAddressRejected
            summary =
                "The venue rejected the API key or this machine's IP address (\(quoted)); Binance gives this one "
                + "answer for an unknown or disabled key, an address outside the key's IP list and a key without "
                + "the permission, and does not say which."
        case (.some(-1022), _):
            verdict = .badSignature
            summary =
                "The venue knows the API key but not the signature (\(quoted)): the stored secret is not this "
                + "key's secret."
        case (.some(-1021), _):
            verdict = .clockSkew
            summary = "The venue refused the request's timestamp (\(quoted)); "
            if let reading {
                summary +=
                    "\(reading.description) (round trip \(reading.roundTripMilliseconds) ms, "
                    + "recvWindow \(BinanceSpotVenue.milliseconds(recvWindow)) ms)."
            } else {
                summary += "the venue's clock could not be read to measure the offset."
            }
        case (nil, 403):
            verdict = .addressNotAllowed
            summary =
                "Something in front of the venue refused the request with HTTP 403 and no venue error code "
                + "(\"\(message)\"): a firewall that blocks or does not allow-list this machine's address, or one "
                + "the request pattern tripped. The venue never read the key: it was not checked."
        case (_, 451):
            verdict = .addressNotAllowed
            summary = "The venue refuses service to this machine's location (\(quoted)); the key was not checked."
        case (_, 418):
            verdict = .addressNotAllowed
            summary =
                "The venue has banned this IP address for a while after too many requests (\(quoted)); the key "
                + "was not checked."
        case (nil, 502), (nil, 503), (nil, 504):
            verdict = .unreachable
            summary = "A gateway in front of the venue answered, the venue behind it did not (\(quoted))."
        default:
            verdict = .venueError
            summary = "The venue answered neither success nor a known credentials problem (\(quoted))."
            if status == 404 { summary += " Is \(baseURL) a Binance-compatible API root?" }
        }
        var report = report(verdict, summary, clock: reading)
        report.httpStatus = status == 0 ? nil : status
        report.venueCode = error?.code
        report.venueMessage = message
        return report
    }

    /// The report for a 2xx answer: works when it is an account, else the URL is likely not a Binance API root.
    private func worked(status: Int, body: [UInt8], clock reading: VenueClockReading?) -> CredentialReport {
        guard let json = try? JSONParser.parse(body), json.objectValue != nil,
            json["canTrade"] != nil || json["accountType"] != nil || json["balances"] != nil
        else {
            var report = report(
                .venueError,
                "HTTP \(status) to GET /api/v3/account, but not an account answer (\"\(redacted(Self.excerpt(body)))\"): "
                    + "is \(baseURL) a Binance-compatible API root?",
                clock: reading
            )
            report.httpStatus = status
            return report
        }
        let account = VenueAccountSummary(
            accountType: json["accountType"]?.stringValue,
            canTrade: json["canTrade"]?.boolValue,
            canWithdraw: json["canWithdraw"]?.boolValue,
            canDeposit: json["canDeposit"]?.boolValue,
            permissions: (json["permissions"]?.arrayValue ?? []).compactMap(\.stringValue)
        )
        var report = report(
            .works,
            "The venue accepted a signed read-only call (GET /api/v3/account) with the stored API key and secret.",
            clock: reading
        )
        report.httpStatus = status
        report.account = account
        if account.canTrade == false {
            report.warnings.append(
                "the venue says this account cannot trade (canTrade false): live orders will be refused"
            )
        }
        let window = BinanceSpotVenue.milliseconds(recvWindow)
        if let reading, reading.isNearTheLimit(recvWindowMilliseconds: window) {
            report.warnings.append(
                "\(reading.description): over half of what the venue tolerates (1000 ms ahead, recvWindow \(window) ms "
                    + "behind); synchronise the clock (NTP)"
            )
        }
        if reading == nil {
            report.warnings.append("the venue's clock (GET /api/v3/time) could not be read: offset not measured")
        }
        return report
    }

    /// A report with the verdict's standard fix and the key's prefix.
    private func report(_ verdict: CredentialVerdict, _ summary: String, clock: VenueClockReading?) -> CredentialReport
    {
        CredentialReport(
            verdict: verdict,
            summary: summary,
            fix: Self.fix(for: verdict, keyPrefix: CredentialReport.prefix(ofAPIKey: credentials.apiKey)),
            baseURL: baseURL,
            apiKeyPrefix: CredentialReport.prefix(ofAPIKey: credentials.apiKey),
            clock: clock,
            recvWindowMilliseconds: BinanceSpotVenue.milliseconds(recvWindow)
        )
    }

    /// What to check or do for each verdict.
    static func fix(for verdict: CredentialVerdict, keyPrefix: String) -> String? {
        switch verdict {
        case .works:
            nil
        case .wrongKey:
            "Check that the stored API key (starting \(keyPrefix)) is the exchange's key copied whole, without spaces, "
                + "and not swapped with the secret; store the pair again with `rampart credentials set`."
        case .keyOrAddressRejected:
            "On the exchange's API management page check that a key starting \(keyPrefix) exists and is enabled "
                + "(a testnet key works only on the testnet, a production key only on production), that this "
                + "machine's public IP address is on the key's IP access list (or the key is unrestricted), and that "
                + "reading is enabled; then test again."
        case .badSignature:
            "Store the secret that belongs to this key again (`rampart credentials set` reads the key, then the "
                + "secret); an exchange shows a secret once: if it is lost, make a new key."
        case .clockSkew:
            "Synchronise this machine's clock (NTP: `timedatectl set-ntp true`, chrony) and test again; a larger "
                + "--venue-recv-window-ms only tolerates a clock that is behind, and never one that is ahead."
        case .addressNotAllowed:
            "Find the public IP address this machine reaches the venue from (a proxy or NAT may change it), have it "
                + "allowed by the venue or whoever runs the firewall in front of it, or run from an allowed address; "
                + "after a 418 ban, wait and lower the request rate."
        case .unreachable:
            "Check --venue-url, DNS, the network path and any proxy or firewall between this machine and the venue, "
                + "and the venue's status page; then test again."
        case .venueError:
            "Read the venue's message above: a 404 or a web page means --venue-url is not a Binance-compatible API root; "
                + "a venue in maintenance or rate-limiting (429) may be tested again later."
        }
    }

    /// `text` with the API key and the secret replaced, in case a venue or proxy echoes them.
    private func redacted(_ text: String) -> String {
        var text = text
        // A value too short to be a real key would redact ordinary words ("key") instead.
        for value in [credentials.secret, credentials.apiKey] where value.count >= 8 {
            text = text.replacing(value, with: "[redacted]")
        }
        return text
    }

    /// The start of a non-JSON answer (an error page) as one line of text, tags removed.
    static func excerpt(_ body: [UInt8]) -> String {
        var text = ""
        var inTag = false
        for character in String(decoding: body.prefix(2048), as: UTF8.self) {
            if character == "<" {
                inTag = true
            } else if character == ">" {
                inTag = false
                text.append(" ")
            } else if !inTag {
                text.append(character.isWhitespace || character.isNewline ? " " : character)
            }
        }
        let words = text.split(separator: " ").joined(separator: " ")
        return words.count > 200 ? String(words.prefix(200)) + "…" : words
    }
}

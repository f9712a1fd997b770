import AsyncHTTPClient
import RampartCrypto
import RampartExecution
import RampartFakeVenue
import Testing

/// How `BinanceCredentialCheck` reads the answers the end-to-end tests do not script: bans, gateways, maintenance,
/// rate limits, a URL that is not a Binance API, a -1021 without a readable clock; and that no answer echoes the
/// secret back.
@Suite struct BinanceCredentialCheckTests {
    /// Runs the check against a fake venue that answers every request with `status` and `body`.
    static func check(status: Int, body: String, secret: String? = nil) async throws -> CredentialReport {
        let venue = FakeVenue()
        let url = try await venue.start()
        venue.setAccess(.answer(status: status, body: body))
        var configuration = HTTPClient.Configuration()
        configuration.tracing.tracer = nil
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let report = await BinanceCredentialCheck(
            baseURL: url,
            credentials: VenueCredentials(apiKey: venue.apiKey, secret: secret ?? venue.secret),
            httpClient: client,
            timeout: .seconds(5)
        ).run()
        try await client.shutdown()
        await venue.stop()
        return report
    }

    @Test(arguments: [
        (
            451, #"{"code":0,"msg":"Service unavailable from a restricted location"}"#,
            CredentialVerdict.addressNotAllowed
        ),
        (418, #"{"code":-1003,"msg":"Way too many requests; IP banned until 1700000000000."}"#, .addressNotAllowed),
        (403, "<html><body>Request blocked</body></html>", .addressNotAllowed),
        (503, "<html>Service Temporarily Unavailable</html>", .unreachable),
        (502, "Bad Gateway", .unreachable),
        (500, "Internal error", .venueError),
        (429, #"{"code":-1003,"msg":"Too many requests."}"#, .venueError),
        (200, "{}", .venueError),
        (200, "<html>a web page</html>", .venueError),
        (401, #"{"code":-2008,"msg":"Invalid Api-Key ID."}"#, .wrongKey),
        (400, #"{"code":-1021,"msg":"Timestamp for this request is outside of the recvWindow."}"#, .clockSkew),
    ])
    func answersBeyondTheScriptedOnesHaveOneVerdictEach(
        status: Int,
        body: String,
        verdict: CredentialVerdict
    )
        async throws
    {
        let report = try await Self.check(status: status, body: body)
        #expect(report.verdict == verdict, "\(status) \(body): \(report.summary)")
        #expect(report.fix != nil)
        #expect(report.clock == nil, "no serverTime in any of these answers")
        #expect(report.summary.contains("\(status)"), "\(report.summary)")
    }

    @Test func aClockSkewWithoutAReadableClockSaysTheOffsetWasNotMeasured() async throws {
        let report = try await Self.check(
            status: 400,
            body: #"{"code":-1021,"msg":"Timestamp for this request is outside of the recvWindow."}"#
        )
        #expect(report.venueCode == -1021)
        #expect(report.summary.contains("could not be read"), "\(report.summary)")
    }

    @Test func anAnswerThatEchoesTheSecretOrTheKeyIsRedacted() async throws {
        let secret = "echoed-secret-0123456789"
        let report = try await Self.check(
            status: 400,
            body:
                #"{"code":-1100,"msg":"Illegal characters in parameter; got test-api-key and echoed-secret-0123456789"}"#,
            secret: secret
        )
        #expect(report.verdict == .venueError)
        #expect(report.venueMessage?.contains(secret) == false && report.summary.contains(secret) == false)
        #expect(report.venueMessage?.contains("test-api-key") == false, "\(report.venueMessage ?? "")")
        #expect(report.venueMessage?.contains("[redacted]") == true)
    }

    @Test func theKeyPrefixIsShortAndTheClockSaysWhichSideIsAhead() {
        #expect(CredentialReport.prefix(ofAPIKey: String(repeating: "k", count: 64)) == "kkkk…")
        #expect(CredentialReport.prefix(ofAPIKey: "abcdefgh") == "ab…")
        let behind = VenueClockReading(offsetMilliseconds: 7_200, roundTripMilliseconds: 40)
        #expect(behind.description == "the venue's clock is 7200 ms ahead of this machine's")
        #expect(behind.isRefused(recvWindowMilliseconds: 5_000) && !behind.isRefused(recvWindowMilliseconds: 10_000))
        let ahead = VenueClockReading(offsetMilliseconds: -1_000, roundTripMilliseconds: 40)
        #expect(ahead.description == "this machine's clock is 1000 ms ahead of the venue's")
        #expect(ahead.isRefused(recvWindowMilliseconds: 60_000))
        #expect(
            !VenueClockReading(offsetMilliseconds: -999, roundTripMilliseconds: 1).isRefused(
                recvWindowMilliseconds: 5_000
            )
        )
    }
}

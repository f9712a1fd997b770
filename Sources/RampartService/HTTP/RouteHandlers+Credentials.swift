import Logging
import RampartDesk
import RampartExecution
import RampartJSON
import RampartStore

extension RouteHandlers {
    /// `POST /v1/credentials/{venue}/test` (admin): a signed read-only call to the service's venue with the stored
    /// credentials. The answer is 200 whatever the verdict (the test ran; `result` says how it went); 409 without a
    /// venue, 404 for another venue's name or no stored credentials, 500 when the result could not be audited.
    func testCredentials(_ input: HandlerInput) async -> Reply {
        switch await input.json(emptyAs: .object([])) {
        case .success(let body):
            guard let members = body.objectValue else { return .error(.badRequest("expected no body, or {}")) }
            if let member = members.first {
                return .error(.badRequest("unknown key '\(member.key)'; this route takes no body", key: member.key))
            }
        case .failure(let error): return .error(error)
        }
        let venue = input.id ?? ""
        let report: CredentialReport
        do {
            report = try await dependencies.desk.testCredentials(venue: venue, actor: "token:\(input.caller.name)")
        } catch {
            return .error(Self.apiError(error))
        }
        dependencies.logger.notice(
            "credentials test",
            metadata: ["venue": "\(venue)", "result": "\(report.verdict.rawValue)", "by": "\(input.caller.name)"]
        )
        return .json(Self.credentialReport(report, venue: venue))
    }

    /// The HTTP answer to a credentials test that did not run, or ran unaudited.
    static func apiError(_ error: CredentialTestError) -> APIError {
        switch error {
        case .noVenueConfigured: APIError(409, "no_venue", error.description)
        case .unknownVenue: APIError(404, "unknown_venue", error.description)
        case .credentials(_, .notFound(venue: _)): APIError(404, "no_credentials", error.description)
        case .credentials: APIError(500, "credentials_unreadable", error.description)
        case .notAudited(let report, _):
            APIError(500, "not_audited", error.description, details: credentialReport(report, venue: nil))
        }
    }

    /// The JSON of a credentials test: the verdict, what it means and what to do, and what the venue said; never
    /// the secret, and of the API key only its first characters.
    static func credentialReport(_ report: CredentialReport, venue: String?) -> JSONValue {
        func number(_ value: Int64?) -> JSONValue { value.map { .number(String($0)) } ?? .null }
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        func flag(_ value: Bool?) -> JSONValue { value.map(JSONValue.bool) ?? .null }
        let clock: JSONValue =
            report.clock.map { reading in
                .object([
                    JSONMember("offset_ms", number(reading.offsetMilliseconds)),
                    JSONMember("round_trip_ms", number(reading.roundTripMilliseconds)),
                    JSONMember("description", .string(reading.description)),
                ])
            } ?? .null
        let account: JSONValue =
            report.account.map { account in
                .object([
                    JSONMember("account_type", text(account.accountType)),
                    JSONMember("can_trade", flag(account.canTrade)),
                    JSONMember("can_withdraw", flag(account.canWithdraw)),
                    JSONMember("can_deposit", flag(account.canDeposit)),
                    JSONMember("permissions", .array(account.permissions.map(JSONValue.string))),
                ])
            } ?? .null
        return .object([
            JSONMember("venue", text(venue)),
            JSONMember("venue_url", .string(report.baseURL)),
            JSONMember("result", .string(report.verdict.rawValue)),
            JSONMember("works", .bool(report.works)),
            JSONMember("title", .string(report.verdict.title)),
            JSONMember("summary", .string(report.summary)),
            JSONMember("fix", text(report.fix)),
            JSONMember("api_key_prefix", .string(report.apiKeyPrefix)),
            JSONMember("clock", clock),
            JSONMember("recv_window_ms", number(report.recvWindowMilliseconds)),
            JSONMember("http_status", number(report.httpStatus.map(Int64.init))),
            JSONMember("venue_code", number(report.venueCode.map(Int64.init))),
            JSONMember("venue_message", text(report.venueMessage)),
            JSONMember("account", account),
            JSONMember("with_venue_time", text(report.verdictWithVenueTime?.rawValue)),
            JSONMember("warnings", .array(report.warnings.map(JSONValue.string))),
        ])
    }
}

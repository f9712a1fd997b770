import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import RampartJSON

/// `rampart verify`: checks a running deployment the way a go-live checklist would, one line per check.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract:
            "Check a running `rampart serve`: health, auth, roles, live trading, stop, API description, market data, audit.",
        discussion: """
            Every check is read-only or a dry call (the emergency stop is called with "dry_run": true). Prints one \
            line per check (ok / FAIL) and exits 1 if any check fails. --token is an ops or admin token; give \
            --trader-token too for the role spot-checks and the live-order probe. The last step of a deployment \
            (docs/operations.md).
            """
    )

    @Option(help: "The service's base URL, e.g. https://rampart.internal:8443 or http://127.0.0.1:8080.")
    var url: String

    @Option(help: "An ops or admin token (or RAMPART_TOKEN).")
    var token: String?

    @Option(name: .customLong("trader-token"), help: "A trader token, for the role spot-checks and the live probe.")
    var traderToken: String?

    @Flag(help: "The deployment runs with --production: the API description must be off.")
    var production = false

    @Option(name: .customLong("timeout-ms"), help: "Milliseconds each request may take.")
    var timeoutMilliseconds = 5_000

    func run() async throws {
        guard let token = token ?? ProcessInfo.processInfo.environment["RAMPART_TOKEN"], !token.isEmpty else {
            throw ValidationError("give --token (an ops or admin token) or set RAMPART_TOKEN")
        }
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        // AsyncHTTPClient's span attributes crash under Swift 6.3.1 on Linux (null metadata); no tracing.
        configuration.tracing.tracer = nil
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let probe = DeploymentProbe(
            client: client,
            base: url.hasSuffix("/") ? String(url.dropLast()) : url,
            timeout: .milliseconds(Int64(timeoutMilliseconds))
        )
        var failures = 0
        for check in await checks(probe, token: token) {
            print("\(check.passed ? "ok  " : "FAIL") \(check.name): \(check.detail)")
            if !check.passed { failures += 1 }
        }
        try await client.shutdown()
        if failures > 0 {
            print("\(failures) check(s) failed")
            throw ExitCode.failure
        }
        print("all checks passed")
    }

    /// One line of the report.
    struct Check {
        var name: String
        var passed: Bool
        var detail: String
    }

    private func checks(_ probe: DeploymentProbe, token: String) async -> [Check] {
        var checks: [Check] = []
        // 1. Health and readiness.
        let health = await probe.call("GET", "/healthz")
        let ready = await probe.call("GET", "/readyz")
        checks.append(
            Check(
                name: "health",
                passed: health.status == 200 && ready.status == 200,
                detail: "healthz \(health.summary), readyz \(ready.summary)"
            )
        )
        // 2. No token, a wrong token: 401 (429 once the address is throttled is also a refusal).
        let anonymous = await probe.call("GET", "/v1/state")
        let wrong = await probe.call("GET", "/v1/state", token: "rk_verify_not_a_token")
        checks.append(
            Check(
                name: "auth",
                passed: [401, 429].contains(anonymous.status) && [401, 429].contains(wrong.status),
                detail: "no token \(anonymous.summary), wrong token \(wrong.summary)"
            )
        )
        // 3. Roles: the given token reads state (ops/admin); a trader may not; nobody but admin resumes.
        let state = await probe.call("GET", "/v1/state", token: token)
        var roles = "token reads /v1/state: \(state.summary)"
        var rolesPassed = state.status == 200
        if let traderToken {
            let traderState = await probe.call("GET", "/v1/state", token: traderToken)
            let traderResume = await probe.call("POST", "/v1/resume", token: traderToken, body: "{}")
            rolesPassed = rolesPassed && traderState.status == 403 && traderResume.status == 403
            roles += "; trader on /v1/state \(traderState.summary), on /v1/resume \(traderResume.summary)"
        } else {
            roles += "; no --trader-token: trader spot-checks not run"
        }
        checks.append(Check(name: "roles", passed: rolesPassed, detail: roles))
        // 4. Live trading off, or on only for promoted bots.
        let profile = await probe.call("GET", "/v1/profile", token: token)
        if let live = profile.json?["live_trading"]?.boolValue {
            let promoted = profile.json?["promoted_bots"]?.arrayValue?.compactMap(\.stringValue) ?? []
            var detail =
                live
                ? "live trading on; promoted bots: \(promoted.isEmpty ? "none" : promoted.joined(separator: ", "))"
                : "live trading off"
            var passed = true
            if live, let traderToken {
                // A live order from a bot nobody promoted must be denied (a what-if: nothing is placed).
                let order =
                    #"{"bot":"verify-probe","symbol":"BTC/USDT","side":"buy","type":"limit","quantity":"0.001","price":"1","reference_price":"1","mode":"live"}"#
                let probeAnswer = await probe.call("POST", "/v1/orders/check", token: traderToken, body: order)
                let allowed = probeAnswer.json?["allowed"]?.boolValue
                passed = allowed == false
                detail +=
                    "; a live order from an unpromoted bot is \(allowed == false ? "denied" : "NOT denied: \(probeAnswer.summary)")"
            }
            checks.append(Check(name: "live-trading", passed: passed, detail: detail))
        } else {
            checks.append(Check(name: "live-trading", passed: false, detail: "/v1/profile: \(profile.summary)"))
        }
        // 5. The emergency stop answers this token, without stopping anything.
        let stop = await probe.call("POST", "/v1/emergency-stop", token: token, body: #"{"dry_run":true}"#)
        checks.append(
            Check(
                name: "emergency-stop",
                passed: stop.status == 200 && stop.json?["changed"]?.boolValue == false,
                detail: "dry call \(stop.summary)"
            )
        )
        // 6. The API description: off in production, served otherwise.
        let description = await probe.call("GET", "/openapi.json")
        if production {
            checks.append(
                Check(
                    name: "api-description",
                    passed: description.status == 404,
                    detail: description.status == 404 ? "off (404)" : "served in production: \(description.summary)"
                )
            )
        } else {
            checks.append(
                Check(
                    name: "api-description",
                    passed: description.status == 200,
                    detail: "\(description.summary) (give --production to require it off)"
                )
            )
        }
        // 7. Market data: fresh when configured.
        let prices = await probe.call("GET", "/v1/prices", token: traderToken ?? token)
        if let feed = prices.json?["feed"] {
            if feed["configured"]?.boolValue == true {
                let quotes = prices.json?["prices"]?.arrayValue ?? []
                let stale = quotes.filter { $0["stale"]?.boolValue != false }.compactMap { $0["symbol"]?.stringValue }
                var failing = 0
                if case .number(let text)? = feed["consecutive_failures"] { failing = Int(text) ?? 0 }
                checks.append(
                    Check(
                        name: "market-data",
                        passed: stale.isEmpty && failing == 0 && !quotes.isEmpty,
                        detail:
                            "\(quotes.count) quotes, stale: \(stale.isEmpty ? "none" : stale.joined(separator: ", ")), "
                            + "failures in a row: \(failing)"
                    )
                )
            } else {
                checks.append(
                    Check(
                        name: "market-data",
                        passed: true,
                        detail: "not configured (paper orders priced by the caller)"
                    )
                )
            }
        } else {
            checks.append(Check(name: "market-data", passed: false, detail: "/v1/prices: \(prices.summary)"))
        }
        // 8. The audit chain.
        let audit = await probe.call("GET", "/v1/audit", token: token)
        checks.append(
            Check(
                name: "audit",
                passed: audit.json?["intact"]?.boolValue == true,
                detail: audit.json?["description"]?.stringValue ?? audit.summary
            )
        )
        return checks
    }
}

/// Read-only calls to a deployment for `rampart verify`.
struct DeploymentProbe {
    let client: HTTPClient
    let base: String
    let timeout: TimeAmount

    /// One answer: status (0 when unreachable), body as JSON when it is JSON, and a short summary.
    struct Answer {
        var status: Int
        var json: JSONValue?
        var error: String?

        var summary: String { status == 0 ? "unreachable (\(error ?? "no answer"))" : "HTTP \(status)" }
    }

    func call(_ method: String, _ path: String, token: String? = nil, body: String? = nil) async -> Answer {
        var request = HTTPClientRequest(url: base + path)
        request.method = .init(rawValue: method)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        do {
            let response = try await client.execute(request, timeout: timeout)
            let bytes = try await response.body.collect(upTo: 1 << 20)
            let json = try? JSONParser.parse(Array(bytes.readableBytesView))
            return Answer(status: Int(response.status.code), json: json)
        } catch {
            return Answer(status: 0, json: nil, error: "\(error)")
        }
    }
}

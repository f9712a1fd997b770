import Foundation
import Testing

@Suite struct OperatorCommandsTests {
    @Test func seedPacksAndProfilesLintClean() throws {
        let result = try RampartProcess.run(["lint"])
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("lint: 0 errors"))
    }

    @Test func lintReportsFileLineColumnAndExitsOne() throws {
        let scratch = try RampartProcess.scratchCopy()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let broken = scratch.appendingPathComponent("profiles/broken.yaml")
        try "profile: broken\nextends: base\nlimits:\n  max_order_notionl: 100\n".write(
            to: broken,
            atomically: true,
            encoding: .utf8
        )
        let result = try RampartProcess.run(["lint", "profiles/broken.yaml"], in: scratch)
        #expect(result.status == 1)
        #expect(
            result.stdout.contains(
                "profiles/broken.yaml:4:3: error: unknown key 'max_order_notionl' in 'limits'; did you mean 'max_order_notional'?"
            )
        )
        let json = try RampartProcess.run(["lint", "--format", "json", "profiles/broken.yaml"], in: scratch)
        #expect(json.status == 1)
        let entries = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(entries.first?["file"] as? String == "profiles/broken.yaml")
        #expect(entries.first?["line"] as? Int == 4)
        #expect(entries.first?["column"] as? Int == 3)
        #expect(entries.first?["severity"] as? String == "error")
    }

    @Test func lintUsageErrorExitsTwo() throws {
        #expect(try RampartProcess.run(["lint", "--no-such-flag"]).status == 2)
    }

    @Test func explainShowsEveryRuleWithItsSource() throws {
        let result = try RampartProcess.run(["explain", "--profile", "paper"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("order-notional           max_order_notional     deny"))
        #expect(result.stdout.contains("limits.max_order_notional = 1000  (profiles/base.yaml:17, via extends base)"))
        #expect(result.stdout.contains("override #2 (symbol DOGE/*): 100  (profiles/paper.yaml:11)"))
    }

    @Test func explainTakesAProfilePathAndResolvesExtendsFromTheProfilesDirectory() throws {
        let scratch = try RampartProcess.scratchCopy()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let candidate = FileManager.default.temporaryDirectory.appendingPathComponent(
            "candidate-\(UUID().uuidString).yaml"
        )
        let stem = candidate.deletingPathExtension().lastPathComponent
        try "profile: \(stem)\nextends: base\nlimits:\n  max_open_trades: 2\n".write(
            to: candidate,
            atomically: true,
            encoding: .utf8
        )
        defer { try? FileManager.default.removeItem(at: candidate) }
        let result = try RampartProcess.run(
            ["explain", "--profile", candidate.path, "--profiles-dir", "profiles", "--rules-dir", "rules"],
            in: scratch
        )
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("limits.max_open_trades = 2"))
    }

    @Test func diffSaysLiveConservativeIsTighterThanBase() throws {
        let result = try RampartProcess.run(["diff", "base", "live-conservative"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("limits.max_order_notional: 1000 -> 250  (tighter)"))
        #expect(result.stdout.hasSuffix("verdict: tighter\n"))
        let reverse = try RampartProcess.run(["diff", "live-conservative", "base"])
        #expect(reverse.stdout.hasSuffix("verdict: looser\n"))
        let same = try RampartProcess.run(["diff", "base", "base"])
        #expect(same.stdout.hasSuffix("verdict: same\n"))
    }

    @Test func checkPrintsTheDecisionAndExitsZeroWhenAllowed() throws {
        let order =
            #"{"bot":"b1","symbol":"BTC/USDT","side":"buy","type":"limit","quantity":"0.01","price":65000,"reference_price":"65100","time":"2026-01-05T09:30:00Z"}"#
        let result = try RampartProcess.run(["check", "--profile", "paper", "--order", order])
        #expect(result.status == 0)
        let decision = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(decision["allowed"] as? Bool == true)
        #expect((decision["violations"] as? [Any])?.isEmpty == true)
        #expect((decision["profile_hash"] as? String)?.count == 64)
    }

    @Test func checkListsEveryViolationAndExitsThreeWhenDenied() throws {
        let order =
            #"{"bot":"b1","symbol":"LUNA/USDT","side":"buy","type":"limit","quantity":"6","price":"100","reference_price":"100"}"#
        let result = try RampartProcess.run(["check", "--profile", "paper", "--order", order])
        #expect(result.status == 3)
        let decision = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let violations = try #require(decision["violations"] as? [[String: String]])
        #expect(violations.map { $0["rule"] ?? "" } == ["order-quantity", "symbol-list"])
        #expect(violations.first?["limit"] == "5")
        #expect(violations.first?["actual"] == "6")
        #expect(violations.first?["check"] == "max_order_quantity")
        #expect(violations.first?["message"] == "order quantity 6 exceeds 5")
    }

    @Test(arguments: [
        (#"{"bot":"b1","symbol":"BTC/USDT","side":"buy","type":"limit","quantity":true}"#, "order key 'quantity'"),
        (#"{"bot":"b1","symbol":"BTC/USDT","side":"hold","type":"limit","quantity":"1"}"#, "order key 'side'"),
        (
            #"{"bot":"b1","symbol":"BTC/USDT","side":"buy","type":"limit","quantity":"1","prise":"1"}"#,
            "order key 'prise': unknown key; did you mean 'price'?"
        ),
        (#"{"symbol":"BTC/USDT","side":"buy","type":"limit","quantity":"1"}"#, "order key 'bot': missing"),
        (
            #"{"bot":"b1","symbol":"BTC/USDT","side":"buy","type":"limit","quantity":"0.123456789"}"#,
            "order key 'quantity': more than 8 decimal places"
        ),
        (#"{"bot":"b1","#, "order JSON"),
    ])
    func malformedOrderJSONExitsOneNamingTheKey(order: String, message: String) throws {
        let result = try RampartProcess.run(["check", "--profile", "paper", "--order", order])
        #expect(result.status == 1)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test func checkReadsTheOrderFromStandardInput() throws {
        let order =
            #"{"bot":"b1","symbol":"BTC/USDT","side":"buy","type":"market","quantity":"0.01","reference_price":"65000"}"#
        let result = try RampartProcess.run(["check", "--profile", "paper", "--order", "-"], input: order)
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func brokenProfileExitsOneWithDiagnostics() throws {
        let result = try RampartProcess.run(["check", "--profile", "no-such-profile", "--order", "{}"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("error:"))
    }
}

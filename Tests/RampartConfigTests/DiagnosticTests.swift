import RampartRules
import Testing

@testable import RampartConfig

struct DiagnosticTests {
    @Test("unknown keys get a did-you-mean at the key; independent errors in one file are all reported")
    func unknownKeysAndIndependentErrors() {
        let found = diagnostics { () throws(DiagnosticError) in try fixtureLoader.loadProfile("typos") }
        let file = fixtureProfile("typos")
        #expect(
            found.map(\.description) == [
                "\(file):2:1: error: unknown key 'descripton' in the profile; did you mean 'description'?",
                "\(file):4:3: error: unknown key 'max_order_notionl' in 'limits'; did you mean 'max_order_notional'?",
                "\(file):5:20: error: invalid integer '0100' for 'limits.max_open_trades': leading zeros are not allowed; write a whole number like 25 or -3",
                "\(file):6:17: error: invalid percentage '2' for 'limits.price_collar': a percentage needs a % sign, like 2%",
                "\(file):8:11: error: invalid rate '30 per minute' for 'rate_limits.orders': write COUNT/DURATION, like 30/1m or 500/1h",
                "\(file):9:21: error: invalid value 0s for 'rate_limits.duplicate_window': must be longer than zero",
            ]
        )
    }

    @Test("profile: must equal the file stem")
    func profileNameMustMatchStem() {
        let found = diagnostics { () throws(DiagnosticError) in try fixtureLoader.loadProfile("misnamed") }
        #expect(
            found.map(\.description) == [
                "\(fixtureProfile("misnamed")):1:10: error: profile name 'mis-named' does not match the file name 'misnamed.yaml'; write 'profile: misnamed' or rename the file"
            ]
        )
    }

    @Test("pack typos: unknown check and parameter path get hints, unknown rule keys are reported at the key")
    func packTypos() {
        let found = diagnostics { () throws(DiagnosticError) in try fixtureLoader.loadPack(at: fixturePack("typos")) }
        #expect(found.map(place) == ["rules/typos.yaml:4:12", "rules/typos.yaml:7:12", "rules/typos.yaml:10:5"])
        #expect(
            found.map(\.message) == [
                "unknown check 'max_order_notionl'; did you mean 'max_order_notional'?",
                "unknown parameter 'limits.max_positon_notional' in 'limit'; did you mean 'limits.max_position_notional'?",
                "unknown key 'on_violaton' in a rule; did you mean 'on_violation'?",
            ]
        )
    }

    @Test("a pack decodes literal and parameter limits, modes, action and locations")
    func packDecoding() throws {
        let pack = try fixtureLoader.loadPack(at: fixturePack("literal"))
        #expect(pack.name == "literal")
        let tiny = try #require(pack.rules.first)
        #expect(tiny.id == "tiny-orders")
        #expect(tiny.check == .maxOrderNotional)
        #expect(tiny.limit == .literal(.decimal(FixedDecimal(units: 5_050_000_000))))
        #expect(tiny.modes == [.paper])
        #expect(tiny.action == .warn)
        #expect(tiny.message == "order notional {actual} exceeds {limit}")
        #expect(place(tiny.location) == "rules/literal.yaml:3:5")
        #expect(tiny.limitLocation.map(place) == "rules/literal.yaml:5:12")
        #expect(pack.rules.last?.limit == .parameter(.maxGrossExposure))
        #expect(pack.rules.last?.modes == [.paper, .live])
        #expect(pack.rules.last?.action == .deny)
    }

    @Test("a limit path of the wrong kind and a pack name that differs from the stem are errors")
    func packKindAndNameErrors() throws {
        let scratch = try ScratchTree([
            "rules/bad.yaml": """
            pack: worse
            rules:
              - id: collar
                check: price_collar
                limit: limits.max_order_notional
              - id: Big Rule
                check: max_open_trades
                modes: []
            """
        ])
        let found = diagnostics { () throws(DiagnosticError) in
            try scratch.loader.loadPack(at: scratch.root + "/rules/bad.yaml")
        }
        #expect(
            found.map { "\($0.location.line):\($0.location.column): \($0.message)" } == [
                "1:7: pack name 'worse' does not match the file name 'bad.yaml'; write 'pack: bad' or rename the file",
                "5:12: rule 'collar' (check 'price_collar') needs a percent limit, but 'limits.max_order_notional' is a decimal",
                "6:9: invalid rule id 'Big Rule': use lowercase letters, digits, '-', '_' and '.'",
                "8:12: 'modes' must name at least one of paper, live; leave it out for both",
            ]
        )
    }

    @Test("YAML errors become diagnostics with their note")
    func yamlErrorsBecomeDiagnostics() throws {
        let scratch = try ScratchTree([
            "profiles/dup.yaml": "profile: dup\nlimits:\n  max_open_trades: 1\n  max_open_trades: 2\n"
        ])
        let found = diagnostics { () throws(DiagnosticError) in try scratch.loader.loadProfile("dup") }
        #expect(found.count == 1)
        #expect(found.first.map { "\($0.location.line):\($0.location.column)" } == "4:3")
        #expect(found.first?.notes.map { "\($0.location.line):\($0.location.column)" } == ["3:3"])
    }

    @Test("an unknown profile name gets a did-you-mean")
    func unknownProfileName() {
        let found = diagnostics { () throws(DiagnosticError) in try fixtureLoader.loadProfile("chlid") }
        #expect(found.first?.message.hasSuffix("did you mean 'child'?") == true)
    }
}

import RampartRules
import Testing

@testable import RampartConfig

private let minute: Int64 = 60_000_000_000
private let hour: Int64 = 3_600_000_000_000

struct OverrideTests {
    @Test("the first matching override wins per key, then the base value applies")
    func firstMatchWinsPerKey() throws {
        let compiled = try fixtureLoader.compile("child")
        // scalper-* matches override #1 (open trades) and #2 (notional for BTC).
        #expect(compiled.parameter(.maxOpenTrades, bot: "scalper-1", symbol: "BTC/USDT")?.value == .integer(10))
        #expect(
            compiled.parameter(.maxOrderNotional, bot: "scalper-1", symbol: "BTC/USDT")?.value
                == .decimal(FixedDecimal(50))
        )
        #expect(
            compiled.parameter(.maxOrderNotional, bot: "scalper-1", symbol: "DOGE/USDT")?.value
                == .decimal(FixedDecimal(100))
        )
        #expect(
            compiled.parameter(.orderRates, bot: "grid-1", symbol: "DOGE/USDT")?.value
                == .rates([
                    Rate(count: 5, window: TimeSpan(nanoseconds: minute)),
                    Rate(count: 50, window: TimeSpan(nanoseconds: hour)),
                ])
        )
        #expect(compiled.parameter(.maxOpenTrades, bot: "grid-1", symbol: "ETH/USDT")?.value == .integer(5))
        #expect(
            compiled.parameter(.maxOrderNotional, bot: "grid-1", symbol: "ETH/USDT")?.value
                == .decimal(FixedDecimal(250))
        )
    }

    @Test("override values keep where they are written")
    func overrideLocations() throws {
        let (profile, _) = try fixtureLoader.loadProfile("child")
        let first = try #require(profile.overrides.first)
        #expect(first.bot?.pattern == "scalper-*")
        #expect(first.symbol == nil)
        #expect(place(first.location) == "profiles/child.yaml:16:5")
        #expect(first.parameters[.maxOpenTrades].map { place($0.location) } == "profiles/child.yaml:17:32")
    }

    @Test("an override of a flag is rejected; an empty match is rejected")
    func flagOverrideRejected() {
        let found = diagnostics { () throws(DiagnosticError) in try fixtureLoader.loadProfile("flag-override") }
        #expect(
            found.map(\.description) == [
                "\(fixtureProfile("flag-override")):6:5: error: 'flags' cannot be overridden; only 'limits' and 'rate_limits' may be overridden",
                "\(fixtureProfile("flag-override")):8:12: error: 'match' needs 'bot' and/or 'symbol'",
            ]
        )
    }

    @Test("a misspelt override key is one error, without follow-on errors")
    func misspeltOverrideKeyIsOneError() throws {
        let scratch = try ScratchTree([
            "profiles/o.yaml":
                "profile: o\noverrides:\n  - match: { bot: \"a-*\" }\n    limts: { max_open_trades: 1 }\n  - mtch: { bot: \"b-*\" }\n    limits: { max_open_trades: 2 }\n"
        ])
        let found = diagnostics { () throws(DiagnosticError) in try scratch.loader.loadProfile("o") }
        #expect(
            found.map { "\($0.location.line):\($0.location.column): \($0.message)" } == [
                "4:5: unknown key 'limts' in an override; did you mean 'limits'?",
                "5:5: unknown key 'mtch' in an override; did you mean 'match'?",
            ]
        )
    }

    @Test("override parameters are range-checked like the base ones")
    func overrideValuesAreRangeChecked() throws {
        let scratch = try ScratchTree([
            "profiles/o.yaml":
                "profile: o\noverrides:\n  - match: { symbol: \"DOGE/*\" }\n    limits: { max_daily_loss: 0% }\n"
        ])
        let found = diagnostics { () throws(DiagnosticError) in try scratch.loader.loadProfile("o") }
        #expect(
            found.map(\.description) == [
                "\(scratch.root)/profiles/o.yaml:4:31: error: invalid value 0% for 'limits.max_daily_loss': must be above 0% and at most 100%"
            ]
        )
    }
}

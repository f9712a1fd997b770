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
                == .decimal(FixedDecimal(50)))
        #expect(
            compiled.parameter(.maxOrderNotional, bot: "scalper-1", symbol: "DOGE/USDT")?.value
                == .decimal(FixedDecimal(100)))
        #expect(
            compiled.parameter(.orderRates, bot: "grid-1", symbol: "DOGE/USDT")?.value
                == .rates([Rate(count: 5, window: TimeSpan(nanoseconds: minute)), Rate(count: 50, window: TimeSpan(nanoseconds: hour))]))
        #expect(compiled.parameter(.maxOpenTrades, bot: "grid-1", symbol: "ETH/USDT")?.value == .integer(5))
        #expect(
            compiled.parameter(.maxOrderNotional, bot: "grid-1", symbol: "ETH/USDT")?.value
                == .decimal(FixedDecimal(250)))
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
            ])
    }
}

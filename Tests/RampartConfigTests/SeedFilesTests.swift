import RampartRules
import Testing

@testable import RampartConfig

private let seedLoader = ProfileLoader(
    rulesDirectory: TestPaths.packageRoot + "/rules",
    profilesDirectory: TestPaths.packageRoot + "/profiles"
)
private let minute: Int64 = 60_000_000_000
private let hour: Int64 = 3_600_000_000_000

struct SeedFilesTests {
    @Test("the seed rules/ and profiles/ lint with zero diagnostics")
    func seedFilesLintClean() {
        #expect(seedLoader.lint([]).map(\.description) == [])
    }

    @Test("paper compiles with base's values via extends")
    func paperCompilesWithInheritedValues() throws {
        let paper = try seedLoader.compile("paper")
        #expect(paper.spec.extendsChain == ["base"])
        #expect(paper.spec.packs.map(\.value) == ["guardrails", "rate-limits", "eligibility"])
        #expect(
            paper.parameter(.maxDailyLoss, bot: "grid-1", symbol: "BTC/USDT")?.value
                == .percent(Percent(FixedDecimal(5)))
        )
        let orders = try #require(paper.parameter(.orderRates, bot: "grid-1", symbol: "BTC/USDT"))
        #expect(
            orders.value
                == .rates([
                    Rate(count: 30, window: TimeSpan(nanoseconds: minute)),
                    Rate(count: 500, window: TimeSpan(nanoseconds: hour)),
                ])
        )
        #expect(place(orders.location) == "profiles/base.yaml:28:11")
        #expect(orders.via == "extends base")
        #expect(paper.startingBalance == FixedDecimal(10000))
        #expect(paper.spec.paper?.seed == 42)
        #expect(paper.spec.eligibility?.minTrades == 25)
        #expect(paper.spec.files.count == 5)
        #expect(paper.hash.count == 64)
    }

    @Test("paper's overrides: scalper bots get 10 open trades, DOGE pairs a 100 notional cap")
    func paperOverrides() throws {
        let paper = try seedLoader.compile("paper")
        #expect(paper.parameter(.maxOpenTrades, bot: "scalper-eth", symbol: "ETH/USDT")?.value == .integer(10))
        #expect(paper.parameter(.maxOpenTrades, bot: "grid-1", symbol: "ETH/USDT")?.value == .integer(5))
        #expect(
            paper.parameter(.orderRates, bot: "scalper-eth", symbol: "ETH/USDT")?.value
                == .rates([
                    Rate(count: 60, window: TimeSpan(nanoseconds: minute)),
                    Rate(count: 500, window: TimeSpan(nanoseconds: hour)),
                ])
        )
        #expect(
            paper.parameter(.maxOrderNotional, bot: "grid-1", symbol: "DOGE/USDT")?.value == .decimal(FixedDecimal(100))
        )
        #expect(
            paper.parameter(.maxOrderNotional, bot: "grid-1", symbol: "BTC/USDT")?.value == .decimal(FixedDecimal(1000))
        )
    }

    @Test("live-conservative keeps live trading off and tightens base")
    func liveConservative() throws {
        let profile = try seedLoader.compile("live-conservative")
        #expect(profile.parameter(.liveTrading, bot: "b", symbol: "BTC/USDT")?.value == .bool(false))
        #expect(
            profile.parameter(.maxDailyLoss, bot: "b", symbol: "BTC/USDT")?.value == .percent(Percent(FixedDecimal(2)))
        )
        #expect(profile.parameter(.trading, bot: "b", symbol: "BTC/USDT")?.via == "extends base")
    }
}

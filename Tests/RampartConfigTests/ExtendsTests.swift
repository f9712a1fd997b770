import RampartRules
import Testing

@testable import RampartConfig

private let minute: Int64 = 60_000_000_000
private let hour: Int64 = 3_600_000_000_000

struct ExtendsTests {
    @Test("the child's value wins and keeps the child's location")
    func childValueWins() throws {
        let (profile, _) = try fixtureLoader.loadProfile("child")
        let notional = try #require(profile.parameters[.maxOrderNotional])
        #expect(notional.value == .decimal(FixedDecimal(250)))
        #expect(place(notional.location) == "profiles/child.yaml:6:23")
        #expect(notional.via == nil)
    }

    @Test("an inherited value points into the parent file and says it came via extends")
    func inheritedValueKeepsParentLocation() throws {
        let (profile, _) = try fixtureLoader.loadProfile("child")
        let openTrades = try #require(profile.parameters[.maxOpenTrades])
        #expect(openTrades.value == .integer(5))
        #expect(place(openTrades.location) == "profiles/parent.yaml:15:20")
        #expect(openTrades.via == "extends parent")
        #expect(profile.currency?.value == "USDT")
        #expect(profile.currency?.via == "extends parent")
        #expect(profile.packs.map(\.value) == ["core"])
        #expect(profile.packs.map(\.via) == ["extends parent"])
    }

    @Test("lists and whole values replace: rates, symbols, overrides")
    func listsReplace() throws {
        let (profile, _) = try fixtureLoader.loadProfile("child")
        #expect(
            profile.parameters[.orderRates]?.value == .rates([Rate(count: 10, window: TimeSpan(nanoseconds: minute))])
        )
        // The child's `symbols` has no `allow`: the parent's allow list is not merged in.
        #expect(profile.parameters[.symbols]?.value == .symbols(SymbolFilter(deny: [Glob("DOGE/*")!], allow: nil)))
        #expect(profile.overrides.count == 3)
        #expect(profile.overrides.allSatisfy { $0.bot?.pattern != "parent-*" })
    }

    @Test("sections merge per key: eligibility takes min_trades from the child, the rest from the parent")
    func sectionsMergePerKey() throws {
        let (profile, _) = try fixtureLoader.loadProfile("child")
        #expect(
            profile.eligibility
                == EligibilityThresholds(
                    minPaperDays: 7,
                    minWinRate: Percent(FixedDecimal(52)),
                    minProfit: Percent(FixedDecimal(3)),
                    minTrades: 50
                )
        )
        #expect(
            profile.paper
                == PaperSettings(
                    slippageLow: Percent(FixedDecimal(units: 10_000_000)),
                    slippageHigh: Percent(FixedDecimal(units: 20_000_000)),
                    rejectRate: Percent(FixedDecimal(3)),
                    fee: Percent(FixedDecimal(units: 10_000_000)),
                    seed: 42
                )
        )
    }

    @Test("name and description are the child's own; the chain lists parents nearest first")
    func grandchildChain() throws {
        let (profile, packs) = try fixtureLoader.loadProfile("grandchild")
        #expect(profile.name == "grandchild")
        #expect(profile.description == nil)
        #expect(profile.extendsChain == ["child", "parent"])
        #expect(
            profile.files.map { place(RampartRules.SourceLocation(file: $0, line: 1, column: 1)) } == [
                "profiles/grandchild.yaml:1:1", "profiles/child.yaml:1:1", "profiles/parent.yaml:1:1",
                "rules/core.yaml:1:1", "rules/literal.yaml:1:1",
            ]
        )
        #expect(profile.parameters[.maxOrderNotional]?.via == "extends child")
        #expect(profile.parameters[.maxGrossExposure]?.via == "extends parent")
        #expect(profile.parameters[.maxOpenTrades]?.value == .integer(2))
        #expect(Set(packs.keys) == ["core", "literal"])
    }

    @Test("a two-file cycle is reported at the extends value that closes it, with the chain")
    func twoFileCycle() {
        let found = diagnostics { () throws(DiagnosticError) in try fixtureLoader.loadProfile("cycle-a") }
        #expect(found.map(\.message) == ["'extends: cycle-a' makes a cycle: cycle-a -> cycle-b -> cycle-a"])
        #expect(found.map(place) == ["profiles/cycle-b.yaml:2:10"])
        #expect(found.first?.notes.map { place($0.location) } == ["profiles/cycle-a.yaml:1:1"])
    }

    @Test("a three-file cycle is reported at the third file")
    func threeFileCycle() {
        let found = diagnostics { () throws(DiagnosticError) in try fixtureLoader.loadProfile("ring-x") }
        #expect(found.map(\.message) == ["'extends: ring-x' makes a cycle: ring-x -> ring-y -> ring-z -> ring-x"])
        #expect(found.map(place) == ["profiles/ring-z.yaml:2:10"])
    }

    @Test("a profile that extends itself is an error at its extends value")
    func selfExtends() {
        let found = diagnostics { () throws(DiagnosticError) in try fixtureLoader.loadProfile("selfish") }
        #expect(found.map(\.message) == ["profile 'selfish' extends itself"])
        #expect(found.map(place) == ["profiles/selfish.yaml:3:10"])
    }

    @Test("a missing parent is an error at the extends value with a did-you-mean")
    func missingParent() {
        let found = diagnostics { () throws(DiagnosticError) in try fixtureLoader.loadProfile("orphan") }
        #expect(found.map(place) == ["profiles/orphan.yaml:2:10"])
        #expect(found.first?.message.hasPrefix("unknown parent profile 'parnet': there is no ") == true)
        #expect(found.first?.message.hasSuffix("profiles/parnet.yaml; did you mean 'parent'?") == true)
    }

    @Test("the parent is found in the profiles directory wherever the child was loaded from")
    func parentResolvedFromProfilesDirectory() throws {
        let scratch = try ScratchTree([
            "elsewhere.yaml": "profile: elsewhere\nextends: parent\n"
        ])
        let loader = ProfileLoader(
            rulesDirectory: TestPaths.fixtures + "/rules",
            profilesDirectory: TestPaths.fixtures + "/profiles"
        )
        let (profile, _) = try loader.loadProfile(scratch.root + "/elsewhere.yaml")
        #expect(profile.extendsChain == ["parent"])
        #expect(profile.parameters[.maxOrderNotional]?.value == .decimal(FixedDecimal(1000)))
    }

    @Test("a section left incomplete after merging is an error at the profile listing the missing keys")
    func incompletePaperSection() {
        let found = diagnostics { () throws(DiagnosticError) in try fixtureLoader.loadProfile("partial-paper") }
        #expect(
            found.map(\.message) == [
                "'paper' is missing 'slippage', 'reject_rate'; set them here or in a parent profile (nothing is defaulted)"
            ]
        )
        #expect(found.map(place) == ["profiles/partial-paper.yaml:1:1"])
    }
}

import Foundation
import RampartRules
import Testing

@testable import RampartConfig

/// DESIGN §7's `market_data` section: defaults, strict values, not in overrides, and `diff` directions.
@Suite struct MarketDataSectionTests {
    let base = "profile: base\nrules: [core]\nlimits:\n  max_order_quantity: 5\n"

    func tree(_ extra: [String: String]) throws -> ScratchTree {
        try ScratchTree(["rules/core.yaml": corePack, "profiles/base.yaml": base].merging(extra) { _, new in new })
    }

    @Test func defaultsAreFiveSecondsOnePercentAndLive() throws {
        let scratch = try tree([:])  // held: the tree is removed when it goes away
        let profile = try scratch.loader.compile("base")
        #expect(profile.quoteMaxAge == TimeSpan(nanoseconds: 5_000_000_000))
        #expect(profile.quoteTolerance == Percent(FixedDecimal(1)))
        #expect(profile.quoteRequirement == .live)
        #expect(profile.spec.parameters[.marketRequire]?.via?.hasPrefix("default") == true)
    }

    @Test func valuesAreReadAndInherited() throws {
        let scratch = try tree([
            "profiles/strict.yaml":
                "profile: strict\nextends: base\nmarket_data:\n  max_age: 2s\n  tolerance: 0.5%\n  require: all\n",
            "profiles/child.yaml": "profile: child\nextends: strict\nmarket_data:\n  require: none\n",
        ])
        let strict = try scratch.loader.compile("strict")
        #expect(strict.quoteMaxAge == TimeSpan(nanoseconds: 2_000_000_000) && strict.quoteRequirement == .all)
        let child = try scratch.loader.compile("child")
        #expect(child.quoteRequirement == .none && child.quoteTolerance == Percent(FixedDecimal(units: 50_000_000)))
    }

    @Test(arguments: [
        ("market_data:\n  require: sometimes\n", "expected none, live or all"),
        ("market_data:\n  max_age: 5\n", "market_data.max_age"),
        ("market_data:\n  tolerance: 1\n", "market_data.tolerance"),
        ("market_data:\n  max_ages: 5s\n", "did you mean"),
        ("overrides:\n  - match: { symbol: \"DOGE/*\" }\n    market_data: { max_age: 1s }\n", "market_data"),
    ])
    func badValuesAreErrorsAtTheirLine(yaml: String, expected: String) throws {
        let scratch = try tree(["profiles/bad.yaml": "profile: bad\nextends: base\n" + yaml])
        #expect {
            try scratch.loader.compile("bad")
        } throws: { error in
            "\(error)".contains("bad.yaml:") && "\(error)".contains(expected)
        }
    }

    @Test func aLongerMaxAgeAWiderToleranceOrAWeakerRequireIsLooser() throws {
        let scratch = try tree([
            "profiles/tight.yaml":
                "profile: tight\nextends: base\nmarket_data:\n  max_age: 2s\n  tolerance: 0.5%\n  require: all\n",
            "profiles/loose.yaml":
                "profile: loose\nextends: base\nmarket_data:\n  max_age: 10s\n  tolerance: 2%\n  require: none\n",
        ])
        let tight = try scratch.loader.compile("tight")
        let loose = try scratch.loader.compile("loose")
        let comparison = ProfileComparison(old: tight, new: loose)
        for key in ["market_data.max_age", "market_data.tolerance", "market_data.require"] {
            #expect(comparison.changes.contains { $0.key == key && $0.direction == .looser }, "\(key)")
        }
        #expect(ProfileComparison(old: loose, new: tight).verdict == .tighter)
    }
}

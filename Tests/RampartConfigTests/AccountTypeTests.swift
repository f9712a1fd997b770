import Foundation
import RampartRules
import Testing

@testable import RampartConfig

/// A pack of one rule, for profiles written in these tests.
let corePack = "pack: core\nrules:\n  - id: size\n    check: max_order_quantity\n"

@Suite struct AccountTypeTests {

    @Test func accountTypeIsReadInheritedAndDefaultsToSpot() throws {
        let scratch = try ScratchTree([
            "rules/core.yaml": corePack,
            "profiles/parent.yaml":
                "profile: parent\nrules: [core]\naccount:\n  type: margin\nlimits:\n  max_order_quantity: 5\n",
            "profiles/child.yaml": "profile: child\nextends: parent\n",
            "profiles/plain.yaml": "profile: plain\nrules: [core]\nlimits:\n  max_order_quantity: 5\n",
        ])
        let child = try scratch.loader.compile("child")
        #expect(child.spec.accountType?.value == .margin && child.allowsShort)
        let plain = try scratch.loader.compile("plain")
        #expect(plain.spec.accountType == nil && !plain.allowsShort)
        let comparison = ProfileComparison(old: plain, new: child)
        #expect(comparison.changes.contains { $0.key == "account.type" && $0.direction == .looser })
        #expect(ProfileComparison(old: child, new: plain).verdict == .tighter)
    }

    @Test func aCurrencyChangeIsAChangeNeverSame() throws {
        let scratch = try ScratchTree([
            "rules/core.yaml": corePack,
            "profiles/usdt.yaml":
                "profile: usdt\nrules: [core]\naccount:\n  currency: USDT\n  starting_balance: 100\nlimits:\n  max_order_quantity: 5\n",
            "profiles/btc.yaml": "profile: btc\nextends: usdt\naccount:\n  currency: BTC\n",
        ])
        let comparison = ProfileComparison(
            old: try scratch.loader.compile("usdt"),
            new: try scratch.loader.compile("btc")
        )
        #expect(comparison.changes.map(\.key) == ["account.currency"])
        #expect(comparison.verdict == .mixed)
    }

    @Test func anUnknownAccountTypeIsAnErrorAtItsValue() throws {
        let scratch = try ScratchTree([
            "rules/core.yaml": corePack,
            "profiles/bad.yaml":
                "profile: bad\nrules: [core]\naccount:\n  type: futures\nlimits:\n  max_order_quantity: 5\n",
        ])
        let found = diagnostics { () throws(DiagnosticError) in try scratch.loader.loadProfile("bad") }
        #expect(found.map(\.message) == ["invalid value 'futures' for 'account.type': expected spot or margin"])
        #expect(found.map(place) == ["profiles/bad.yaml:4:9"])
    }
}

@Suite struct DeclaredAccountsTests {

    @Test func accountDeclaresDefaultAndAccountsDeclaresByNameReplacingWhatIsInherited() throws {
        let scratch = try ScratchTree([
            "rules/core.yaml": corePack,
            "profiles/parent.yaml":
                "profile: parent\nrules: [core]\naccount:\n  starting_balance: 500\nlimits:\n  max_order_quantity: 5\n",
            "profiles/desk.yaml": """
            profile: desk
            extends: parent
            accounts:
              main: { starting_balance: 20000, currency: USDT }
              hedge: { starting_balance: 5000, type: margin }
            limits:
              max_bots: 3
            """,
        ])
        let parent = try scratch.loader.compile("parent")
        #expect(parent.declaredAccounts.keys.sorted() == ["default"])
        #expect(parent.declaredAccounts["default"]?.startingBalance == FixedDecimal(500))
        #expect(parent.maxBotsPerAccount == 1_000)
        let desk = try scratch.loader.compile("desk")
        #expect(desk.declaredAccounts.keys.sorted() == ["hedge", "main"])
        #expect(desk.declaredAccounts["hedge"]?.type == .margin)
        #expect(desk.declaredAccounts["main"]?.currency == "USDT")
        #expect(desk.maxBotsPerAccount == 3)
        let diff = ProfileComparison(old: parent, new: desk)
        #expect(diff.changes.map(\.key).contains("accounts.default"))
        #expect(diff.changes.first { $0.key == "accounts.main" }?.direction == .looser)
    }

    @Test func bothSectionsInOneFileAndBadAccountsAreErrorsAtTheirPlace() throws {
        let scratch = try ScratchTree([
            "rules/core.yaml": corePack,
            "profiles/both.yaml": """
            profile: both
            rules: [core]
            account:
              starting_balance: 1
            accounts:
              main: { starting_balance: 2 }
              "bad name": { starting_balance: 2 }
              broke: { currency: USDT }
            limits:
              max_order_quantity: 5
              max_bots: 0
            """,
        ])
        let found = diagnostics { () throws(DiagnosticError) in try scratch.loader.compile("both") }
        #expect(
            found.map(\.message).contains(
                "a profile declares 'account:' (one account named default) or 'accounts:' (by name), not both"
            )
        )
        #expect(found.map(\.message).contains { $0.hasPrefix("invalid account name 'bad name'") })
        #expect(found.map(\.message).contains { $0.contains("starting_balance") && $0.contains("accounts.broke") })
    }

    @Test func maxBotsMustBeAtLeastOne() throws {
        let scratch = try ScratchTree([
            "rules/core.yaml": corePack,
            "profiles/none.yaml": "profile: none\nrules: [core]\nlimits:\n  max_order_quantity: 5\n  max_bots: 0\n",
        ])
        let found = diagnostics { () throws(DiagnosticError) in try scratch.loader.compile("none") }
        #expect(found.map(\.message) == ["invalid value 0 for 'limits.max_bots': must be at least 1"])
        #expect(found.map(place) == ["profiles/none.yaml:5:13"])
    }
}

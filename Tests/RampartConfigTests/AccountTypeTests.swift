import Foundation
import RampartRules
import Testing

@testable import RampartConfig

@Suite struct AccountTypeTests {
    static let pack = "pack: core\nrules:\n  - id: size\n    check: max_order_quantity\n"

    @Test func accountTypeIsReadInheritedAndDefaultsToSpot() throws {
        let scratch = try ScratchTree([
            "rules/core.yaml": Self.pack,
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

    @Test func anUnknownAccountTypeIsAnErrorAtItsValue() throws {
        let scratch = try ScratchTree([
            "rules/core.yaml": Self.pack,
            "profiles/bad.yaml":
                "profile: bad\nrules: [core]\naccount:\n  type: futures\nlimits:\n  max_order_quantity: 5\n",
        ])
        let found = diagnostics { () throws(DiagnosticError) in try scratch.loader.loadProfile("bad") }
        #expect(found.map(\.message) == ["invalid value 'futures' for 'account.type': expected spot or margin"])
        #expect(found.map(place) == ["profiles/bad.yaml:4:9"])
    }
}

import Foundation
import RampartRules
import Testing

@testable import RampartConfig

private let pack = "pack: p\nrules:\n  - id: order-notional\n    check: max_order_notional\n"
private let profile = "profile: h\nrules: [p]\nlimits:\n  max_order_notional: 1000\n"

struct ContentHashTests {
    @Test("the hash is SHA-256 over stem, NUL, length, NUL, bytes of each file sorted by path")
    func hashIsPinned() throws {
        let scratch = try ScratchTree(["rules/p.yaml": pack, "profiles/h.yaml": profile])
        let (spec, _) = try scratch.loader.loadProfile("h")
        #expect(spec.contentHash == "966ddb14998e208ecf55f5f8df822e1d827981f96a3df8f652331d8e7dc9ac12")
    }

    @Test("the hash does not depend on where the files live")
    func hashIsStableAcrossDirectories() throws {
        let first = try ScratchTree(["rules/p.yaml": pack, "profiles/h.yaml": profile])
        let second = try ScratchTree(["rules/p.yaml": pack, "profiles/h.yaml": profile])
        let one = try first.loader.compile("h")
        let again = try first.loader.compile("h")
        let elsewhere = try second.loader.compile("h")
        #expect(one.hash == again.hash)
        #expect(one.hash == elsewhere.hash)
        #expect(one.hash.count == 64)
    }

    @Test("changing one byte of a pack changes the hash")
    func oneByteOfAPackChangesTheHash() throws {
        let scratch = try ScratchTree(["rules/p.yaml": pack, "profiles/h.yaml": profile])
        let before = try scratch.loader.loadProfile("h").profile.contentHash
        try scratch.write("rules/p.yaml", pack.replacingOccurrences(of: "order-notional", with: "order-notionax"))
        let after = try scratch.loader.loadProfile("h").profile.contentHash
        #expect(before != after)
    }
}

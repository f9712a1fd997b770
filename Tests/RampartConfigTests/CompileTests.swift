import RampartRules
import Testing

@testable import RampartConfig

struct CompileTests {
    @Test("a rule whose parameter is missing fails at the rule's file:line:col with a note at the profile")
    func missingParameterPointsAtBothFiles() {
        let found = diagnostics { () throws(DiagnosticError) in try fixtureLoader.compile("needs-open-trades") }
        #expect(found.count == 1)
        let error = found.first
        #expect(error.map(place) == "rules/core.yaml:6:5")
        #expect(
            error?.message
                == "rule 'open-trades' (check 'max_open_trades') needs 'limits.max_open_trades', which profile 'needs-open-trades' does not set"
        )
        #expect(error?.notes.map { place($0.location) } == ["profiles/needs-open-trades.yaml:1:1"])
    }

    @Test("lint compiles profiles and reports the compile error once, sorted")
    func lintReportsCompileErrors() {
        let found = fixtureLoader.lint([fixtureProfile("needs-open-trades"), fixturePack("core")])
        #expect(found.map(place) == ["rules/core.yaml:6:5"])
    }

    @Test("lint recognises a file without pack: or profile: outside both directories as neither")
    func lintRejectsUnknownFiles() throws {
        let scratch = try ScratchTree(["other.yaml": "name: x\n"])
        let found = scratch.loader.lint([scratch.root + "/other.yaml"])
        #expect(
            found.map(\.message) == ["not a rule pack or a profile: expected a top-level 'pack:' or 'profile:' key"]
        )
    }
}

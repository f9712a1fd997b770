import RampartTestSupport
import Testing

@testable import RampartRules

/// A decision names its profile without retaining it when it has no findings: the name and hash live in a
/// process-lifetime `ProfileIdentity`, and the profile itself is kept only for the rules of its findings.
@Suite struct DecisionProfileTests {
    @Test func anAllowedDecisionWithoutFindingsNamesItsProfileWithoutHoldingIt() throws {
        let profile = try TestProfile.compile()
        let decision = profile.evaluate(order(.buy, "1", at: "10"), in: RiskState(), at: TestTime.start)
        #expect(decision.allowed && !decision.hasFindings)
        #expect(decision.profile == nil)
        #expect(decision.profileHash == profile.hash && decision.profileName == profile.name)
        #expect(decision.violations.isEmpty && decision.warnings.isEmpty && decision.ruleIDs.isEmpty)
    }

    @Test func aDecisionWithFindingsHoldsItsProfileForTheRules() throws {
        let profile = try TestProfile.compile()
        let decision = profile.evaluate(order(.buy, "6", at: "10"), in: RiskState(), at: TestTime.start)
        #expect(!decision.allowed)
        #expect(decision.profile === profile)
        #expect(decision.profileHash == profile.hash)
        #expect(decision.ruleIDs == ["max-order-quantity"])
        #expect(decision.violations.first?.limit == "5")
    }

    @Test func aDecisionStillNamesItsProfileAfterTheProfileIsFreed() throws {
        weak var freedProfile: CompiledProfile?
        weak var identity: ProfileIdentity?
        let (decision, hash) = try { () throws -> (Decision, String) in
            let profile = try TestProfile.compile([.maxOrderQuantity: .decimal(d("7.5"))])
            freedProfile = profile
            identity = profile.identity
            let decision = profile.evaluate(order(.buy, "1", at: "10"), in: RiskState(), at: TestTime.start)
            return (decision, profile.hash)
        }()
        #expect(freedProfile == nil)  // nothing kept the profile: the decision did not retain it
        #expect(identity != nil)  // its identity lives on, so the decision's unretained reference stays valid
        #expect(decision.profileHash == hash)
    }

    @Test func compilingTheSameProfileAgainReusesItsIdentity() throws {
        let first = try TestProfile.compile([.maxOrderQuantity: .decimal(d("6.25"))])
        let second = try TestProfile.compile([.maxOrderQuantity: .decimal(d("6.25"))])
        #expect(first !== second && first.hash == second.hash)
        #expect(first.identity === second.identity)
        #expect(first.identity.name == first.name && first.identity.hash == first.hash)
    }
}

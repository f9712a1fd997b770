import RampartRules

/// One profile file as written, before or after merging its `extends` parents.
struct ProfileDocument: Sendable {
    /// The file it was decoded from.
    var file: String
    /// The `profile:` name, equal to the file stem.
    var name: String
    /// Where `profile:` is written.
    var location: SourceLocation
    var extends: Sourced<String>?
    var description: String?
    var packs: [Sourced<String>]?
    var parameters: [ParameterKey: Sourced<ParameterValue>] = [:]
    var autopilot: Sourced<Bool>?
    var currency: Sourced<String>?
    var accountType: Sourced<AccountType>?
    var startingBalance: Sourced<FixedDecimal>?
    /// An `accounts:` section; it replaces every account the parents declare (their `account:` included).
    var accounts: [AccountSpec]?
    /// Whether this file itself has an `account:` section (it then replaces inherited `accounts:`).
    var declaresAccount = false
    var eligibility = EligibilityDraft()
    var paper = PaperDraft()
    var overrides: [OverrideSpec]?

    /// This document deep-merged over its (already merged) parent: child wins per key, lists replace.
    ///
    /// Values taken from the parent keep their location and get `via: "extends PARENT"` unless they already say
    /// which ancestor they came from.
    func merged(over parent: ProfileDocument) -> ProfileDocument {
        let via = "extends \(parent.name)"
        func inherit<Value>(_ value: Sourced<Value>?) -> Sourced<Value>? {
            guard var value else { return nil }
            if value.via == nil { value.via = via }
            return value
        }
        var result = self
        for (key, value) in parent.parameters where result.parameters[key] == nil {
            result.parameters[key] = inherit(value)
        }
        result.packs = packs ?? parent.packs?.compactMap { inherit($0) }
        result.autopilot = autopilot ?? inherit(parent.autopilot)
        if accounts != nil {
            // `accounts:` replaces what the parents declare, an inherited `account:` included.
            result.currency = currency
            result.accountType = nil
            result.startingBalance = nil
        } else {
            result.currency = currency ?? inherit(parent.currency)
            result.accountType = accountType ?? inherit(parent.accountType)
            result.startingBalance = startingBalance ?? inherit(parent.startingBalance)
            // An `account:` here replaces inherited `accounts:`; otherwise they are inherited.
            result.accounts = declaresAccount ? nil : parent.accounts
            result.declaresAccount = declaresAccount || parent.declaresAccount
        }

        var parentEligibility = parent.eligibility
        parentEligibility.minPaperDays = inherit(parentEligibility.minPaperDays)
        parentEligibility.minWinRate = inherit(parentEligibility.minWinRate)
        parentEligibility.minProfit = inherit(parentEligibility.minProfit)
        parentEligibility.minTrades = inherit(parentEligibility.minTrades)
        result.eligibility = eligibility.merged(over: parentEligibility)

        var parentPaper = parent.paper
        parentPaper.slippage = inherit(parentPaper.slippage)
        parentPaper.rejectRate = inherit(parentPaper.rejectRate)
        parentPaper.fee = inherit(parentPaper.fee)
        parentPaper.seed = inherit(parentPaper.seed)
        result.paper = paper.merged(over: parentPaper)

        result.overrides =
            overrides
            ?? parent.overrides?.map { override in
                var copy = override
                copy.parameters = copy.parameters.mapValues { inherit($0) ?? $0 }
                return copy
            }
        return result
    }
}

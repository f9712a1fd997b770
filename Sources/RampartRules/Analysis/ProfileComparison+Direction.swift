extension ProfileComparison {
    /// How changing `key` from `old` to `new` moves the gate.
    static func direction(_ key: ParameterKey, _ old: ParameterValue?, _ new: ParameterValue?) -> Tightening {
        guard let old else { return .tighter }  // a limit that appears denies more
        guard let new else { return .looser }
        switch (old, new) {
        case (.bool(let a), .bool(let b)):
            // Both flags allow trading when true: switching one off is tighter.
            return a && !b ? .tighter : .looser
        case (.decimal(let a), .decimal(let b)): return b < a ? .tighter : .looser
        case (.percent(let a), .percent(let b)): return b < a ? .tighter : .looser
        case (.integer(let a), .integer(let b)): return b < a ? .tighter : .looser
        case (.duration(let a), .duration(let b)):
            // A longer duplicate_window catches more duplicates; a shorter market_data.max_age trusts fewer quotes.
            let longerIsTighter = key != .marketMaxAge
            return (b > a) == longerIsTighter ? .tighter : .looser
        case (.quoteRequirement(let a), .quoteRequirement(let b)):
            // none < live < all: requiring a quote for more orders denies more.
            return b.strictness > a.strictness ? .tighter : .looser
        case (.rates(let a), .rates(let b)):
            let newCoversOld = a.allSatisfy { old in b.contains { $0.isAtLeastAsStrict(as: old) } }
            let oldCoversNew = b.allSatisfy { new in a.contains { $0.isAtLeastAsStrict(as: new) } }
            if newCoversOld && !oldCoversNew { return .tighter }
            if oldCoversNew && !newCoversOld { return .looser }
            return .mixed
        case (.lossStreak(let a), .lossStreak(let b)):
            let tighter = b.losses <= a.losses && b.cooldown >= a.cooldown
            let looser = b.losses >= a.losses && b.cooldown <= a.cooldown
            return tighter ? .tighter : looser ? .looser : .mixed
        case (.symbols(let a), .symbols(let b)):
            return symbolDirection(a, b)
        default:
            return .mixed
        }
    }

    /// Symbol lists compare as pattern sets: more denials and fewer allowances are tighter.
    static func symbolDirection(_ old: SymbolFilter, _ new: SymbolFilter) -> Tightening {
        let oldDeny = Set(old.deny.map(\.pattern))
        let newDeny = Set(new.deny.map(\.pattern))
        let denyTighter = newDeny.isSuperset(of: oldDeny)
        let denyLooser = newDeny.isSubset(of: oldDeny)
        let allowTighter: Bool
        let allowLooser: Bool
        switch (old.allow.map { Set($0.map(\.pattern)) }, new.allow.map { Set($0.map(\.pattern)) }) {
        case (nil, nil): (allowTighter, allowLooser) = (true, true)
        case (nil, .some): (allowTighter, allowLooser) = (true, false)
        case (.some, nil): (allowTighter, allowLooser) = (false, true)
        case (.some(let a), .some(let b)): (allowTighter, allowLooser) = (b.isSubset(of: a), b.isSuperset(of: a))
        }
        if denyTighter && allowTighter { return .tighter }
        if denyLooser && allowLooser { return .looser }
        return .mixed
    }

    /// Rules added, removed, or changed in action or modes.
    static func ruleChanges(_ old: CompiledProfile, _ new: CompiledProfile) -> [ProfileChange] {
        var changes: [ProfileChange] = []
        func describe(_ rule: CompiledRule?) -> String {
            guard let rule else { return "-" }
            let modes = TradingMode.allCases.filter { rule.modes.contains($0) }.map(\.description)
            return "\(rule.check) \(rule.action) [\(modes.joined(separator: ", "))]"
        }
        let oldRules = Dictionary(old.rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let newRules = Dictionary(new.rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for id in Set(oldRules.keys).union(newRules.keys).sorted() {
            let before = oldRules[id]
            let after = newRules[id]
            guard describe(before) != describe(after) || before?.binding != after?.binding else { continue }
            let direction: Tightening
            switch (before?.action.denies ?? false, after?.action.denies ?? false) {
            case (false, true): direction = .tighter
            case (true, false): direction = .looser
            case (false, false): direction = .neutral
            case (true, true):
                let modesBefore = before?.modes ?? []
                let modesAfter = after?.modes ?? []
                if before?.binding != after?.binding {
                    direction = .mixed
                } else if modesAfter.isSuperset(of: modesBefore) && modesAfter != modesBefore {
                    direction = .tighter
                } else if modesAfter.isSubset(of: modesBefore) && modesAfter != modesBefore {
                    direction = .looser
                } else if modesAfter == modesBefore {
                    // Same modes and binding: only the trading-state action changed.
                    direction = actionRank(after?.action) >= actionRank(before?.action) ? .tighter : .looser
                } else {
                    direction = .mixed
                }
            }
            changes.append(
                ProfileChange(
                    key: "rules.\(id)",
                    scope: "base",
                    old: describe(before),
                    new: describe(after),
                    direction: direction
                )
            )
        }
        return changes
    }

    private static func actionRank(_ action: ViolationAction?) -> Int {
        switch action {
        case .warn?, nil: 0
        case .deny?: 1
        case .reduceOnlyBot?: 2
        case .haltBot?: 3
        case .haltAccount?: 4
        }
    }

    /// Settings outside the checks: starting balance moves loss limits; eligibility and paper are reported too.
    static func settingChanges(_ old: ProfileSpec, _ new: ProfileSpec) -> [ProfileChange] {
        var changes: [ProfileChange] = []
        if old.eligibility != new.eligibility {
            let direction: Tightening
            if let a = old.eligibility, let b = new.eligibility {
                let up =
                    b.minPaperDays >= a.minPaperDays && b.minWinRate >= a.minWinRate && b.minProfit >= a.minProfit
                    && b.minTrades >= a.minTrades && (!b.allowCallerPrices || a.allowCallerPrices)
                let down =
                    b.minPaperDays <= a.minPaperDays && b.minWinRate <= a.minWinRate && b.minProfit <= a.minProfit
                    && b.minTrades <= a.minTrades && (b.allowCallerPrices || !a.allowCallerPrices)
                direction = up ? .tighter : down ? .looser : .mixed
            } else {
                direction = new.eligibility == nil ? .looser : .tighter
            }
            changes.append(
                ProfileChange(
                    key: "eligibility",
                    scope: "base",
                    old: old.eligibility.map(describe) ?? "-",
                    new: new.eligibility.map(describe) ?? "-",
                    direction: direction
                )
            )
        }
        if old.paper != new.paper {
            changes.append(
                ProfileChange(
                    key: "paper",
                    scope: "base",
                    old: old.paper.map(describe) ?? "-",
                    new: new.paper.map(describe) ?? "-",
                    direction: .neutral
                )
            )
        }
        return changes
    }

    private static func describe(_ value: EligibilityThresholds) -> String {
        "{ min_paper_days: \(value.minPaperDays), min_win_rate: \(value.minWinRate), min_profit: \(value.minProfit), min_trades: \(value.minTrades), allow_caller_prices: \(value.allowCallerPrices) }"
    }

    private static func describe(_ value: PaperSettings) -> String {
        "{ slippage: [\(value.slippageLow), \(value.slippageHigh)], reject_rate: \(value.rejectRate), fee: \(value.fee), seed: \(value.seed), resting_ttl: \(value.restingTTL) }"
    }

    /// Accounts added, removed or changed (DESIGN §8): more accounts, a larger balance or margin deny less.
    static func accountChanges(_ old: [String: AccountSpec], _ new: [String: AccountSpec]) -> [ProfileChange] {
        var changes: [ProfileChange] = []
        func change(_ key: String, _ before: String, _ after: String, _ direction: Tightening) {
            changes.append(ProfileChange(key: key, scope: "base", old: before, new: after, direction: direction))
        }
        for name in Set(old.keys).union(new.keys).sorted() {
            let key = name == "default" && old[name] != nil && new[name] != nil ? "account" : "accounts.\(name)"
            switch (old[name], new[name]) {
            case (nil, let added?): change(key, "-", "\(added.startingBalance) \(added.type)", .looser)
            case (let removed?, nil): change(key, "\(removed.startingBalance) \(removed.type)", "-", .tighter)
            case (let a?, let b?):
                if a.startingBalance != b.startingBalance {
                    // Loss limits are percentages of equity: a larger balance allows a larger absolute loss.
                    let direction: Tightening = b.startingBalance < a.startingBalance ? .tighter : .looser
                    change(
                        key + ".starting_balance",
                        a.startingBalance.description,
                        b.startingBalance.description,
                        direction
                    )
                }
                if a.type != b.type {
                    // Margin may go short where spot may not: it denies less.
                    change(
                        key + ".type",
                        a.type.description,
                        b.type.description,
                        b.type == .margin ? .looser : .tighter
                    )
                }
                if a.currency != b.currency {
                    change(key + ".currency", a.currency ?? "-", b.currency ?? "-", .mixed)
                }
            default: break
            }
        }
        return changes
    }
}

/// One rule an order broke (or, for `warn` rules, would have broken), ready to show.
public struct Violation: Sendable, Hashable {
    /// The rule id.
    public var rule: String
    /// The check the rule runs.
    public var check: CheckKind
    /// The limit in force for this bot and symbol.
    public var limit: String
    /// What the order or state showed.
    public var actual: String
    /// The rule's message with `{actual}` and `{limit}` filled in.
    public var message: String
    /// What the rule does on violation.
    public var action: ViolationAction

    /// Creates a violation.
    public init(rule: String, check: CheckKind, limit: String, actual: String, message: String, action: ViolationAction)
    {
        self.rule = rule
        self.check = check
        self.limit = limit
        self.actual = actual
        self.message = message
        self.action = action
    }
}

/// A rule's finding inside a decision: trivially copyable, formatted only when reported.
///
/// The measures come first so the small fields fill their padding (64 bytes instead of 80): decisions are
/// copied on every return, so their size is time on the hot path.
struct Finding: Sendable {
    var actual: Measure
    var limit: Measure
    var rule: UInt16
    var enforced: Bool

    init(rule: UInt16, enforced: Bool, actual: Measure, limit: Measure) {
        self.actual = actual
        self.limit = limit
        self.rule = rule
        self.enforced = enforced
    }
}

/// A short list of findings stored inline; more than four spill into an array.
struct Findings: Sendable {
    private(set) var count = 0
    private var first: (Finding?, Finding?, Finding?, Finding?) = (nil, nil, nil, nil)
    /// Nil until a fifth finding: an empty array would still be retained and released with every decision.
    private var spill: [Finding]?

    mutating func append(_ finding: Finding) {
        switch count {
        case 0: first.0 = finding
        case 1: first.1 = finding
        case 2: first.2 = finding
        case 3: first.3 = finding
        default: if spill == nil { spill = [finding] } else { spill!.append(finding) }
        }
        count += 1
    }

    subscript(index: Int) -> Finding {
        let found: Finding?
        switch index {
        case 0: found = first.0
        case 1: found = first.1
        case 2: found = first.2
        case 3: found = first.3
        default: found = spill![index - 4]  // past the fourth only once `append` made the array
        }
        // Indices below `count` are always filled.
        return found ?? Finding(rule: 0, enforced: false, actual: .none, limit: .none)
    }
}

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

/// A decision's findings: none for most decisions (no storage at all), else a list in an array that the next decision
/// with findings reuses once no decision holds it any longer (`init(reusing:)`), so neither an allowed order nor a
/// steady run of denials allocates, and a decision stays small enough to copy cheaply out of the gate's lock.
struct Findings: Sendable {
    /// Nil when there is no finding: no retain or release for an allowed order without warnings.
    private(set) var list: ContiguousArray<Finding>?

    /// No findings.
    init() {}

    /// An empty list written into `spare`'s storage when nothing else holds it (no allocation), else into new
    /// storage (copy on write); `spare` is left nil until the caller hands the finished list back.
    init(reusing spare: inout ContiguousArray<Finding>?) {
        var list = spare.take() ?? ContiguousArray()
        list.removeAll(keepingCapacity: true)
        self.list = list
    }

    var count: Int { list?.count ?? 0 }

    mutating func append(_ finding: Finding) {
        if list == nil { list = [finding] } else { list!.append(finding) }
    }

    /// Only below `count`.
    subscript(index: Int) -> Finding { list![index] }
}

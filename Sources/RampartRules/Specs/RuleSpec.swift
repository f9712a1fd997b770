/// Where a rule's limit comes from: a profile parameter, or a literal written in the rule.
public enum LimitBinding: Sendable, Hashable {
    /// Reads the named profile parameter (with overrides applied).
    case parameter(ParameterKey)
    /// A fixed value written in the rule pack.
    case literal(ParameterValue)
}

/// One rule of a rule pack, as decoded from YAML.
public struct RuleSpec: Sendable, Hashable {
    /// Unique id, shown in every denial.
    public var id: String
    /// The built-in check.
    public var check: CheckKind
    /// Modes the rule applies to.
    public var modes: Set<TradingMode>
    /// What a violation does.
    public var action: ViolationAction
    /// Message template with `{actual}` and `{limit}` placeholders, if the pack gives one.
    public var message: String?
    /// Where the limit comes from; nil for checks without a parameter.
    public var limit: LimitBinding?
    /// Where the rule starts (its `id:`), and where its `limit:` is, if written.
    public var location: SourceLocation
    /// Where `limit:` is written, if it is.
    public var limitLocation: SourceLocation?

    /// Creates a rule spec.
    public init(
        id: String,
        check: CheckKind,
        modes: Set<TradingMode> = [.paper, .live],
        action: ViolationAction = .deny,
        message: String? = nil,
        limit: LimitBinding? = nil,
        location: SourceLocation,
        limitLocation: SourceLocation? = nil
    ) {
        self.id = id
        self.check = check
        self.modes = modes
        self.action = action
        self.message = message
        self.limit = limit ?? check.defaultParameter.map(LimitBinding.parameter)
        self.location = location
        self.limitLocation = limitLocation
    }
}

/// A rule pack (`rules/NAME.yaml`): a named list of rules.
public struct RulePackSpec: Sendable, Hashable {
    /// The pack name, equal to the file stem.
    public var name: String
    /// Rules in file order.
    public var rules: [RuleSpec]
    /// Where the pack is.
    public var location: SourceLocation

    /// Creates a pack.
    public init(name: String, rules: [RuleSpec], location: SourceLocation) {
        self.name = name
        self.rules = rules
        self.location = location
    }
}

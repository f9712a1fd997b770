public import RampartExecution
public import RampartRules
public import RampartStore

/// The one answer to a submitted order, from the desk to the HTTP encoder.
public indirect enum OrderOutcome: Sendable {
    /// Decided now. `execution` says what became of an allowed order; nil when the gate denied it.
    case decided(Decision, execution: ExecutionOutcome?)
    /// Allowed and reserved for the bot to execute (`execution: external`): it reports fills against the reservation.
    case reserved(Decision, ExternalOrder)
    /// Denied because the journal could not record the decision (rule `storage`); nothing was reserved.
    case storageRefused(StorageRefusal)
    /// A repeat of a client order id first decided before a restart: the decision as the journal keeps it.
    case journaled(JournaledAnswer)
    /// A repeat of a client order id first submitted in this process: the first answer, unchanged.
    case replayed(OrderOutcome)

    /// Whether the order went through.
    public var allowed: Bool {
        switch self {
        case .decided(let decision, _): decision.allowed
        case .reserved: true
        case .storageRefused: false
        case .journaled(let answer): answer.allowed
        case .replayed(let first): first.allowed
        }
    }

    /// True for an answer to a repeated client order id.
    public var isReplay: Bool {
        switch self {
        case .decided, .reserved, .storageRefused: false
        case .journaled, .replayed: true
        }
    }
}

/// A denial by the journal: the decision could not be made durable, so the order is refused (fail closed).
public struct StorageRefusal: Sendable {
    /// Why the journal could not take the write: `journal unavailable: …`.
    public var reason: String
    /// The profile in force.
    public var profileHash: String
    /// When the order was refused.
    public var time: Timestamp
    /// Shadow warnings of the rules, when they were consulted before the write failed.
    public var warnings: [Violation]

    /// Creates a refusal.
    public init(reason: String, profileHash: String, time: Timestamp, warnings: [Violation] = []) {
        self.reason = reason
        self.profileHash = profileHash
        self.time = time
        self.warnings = warnings
    }
}

/// A decision read back from the journal for a client order id seen before a restart.
public struct JournaledAnswer: Sendable, Hashable {
    /// Whether it was allowed.
    public var allowed: Bool
    /// The rules that denied or warned (the journal keeps their ids, not their messages).
    public var ruleIDs: [String]
    /// The profile that decided.
    public var profileHash: String
    /// When.
    public var decidedAt: Timestamp
    /// Where the reference price came from (nil for a storage denial or a decision journaled before prices were).
    public var priceSource: PriceSource?
    /// The reference price the order was judged at.
    public var referencePrice: FixedDecimal?
    /// The violations as first reported; nil for a decision journaled before they were kept (then only `ruleIDs`).
    public var violations: [Violation]?
    /// The shadow findings as first reported; nil like `violations`.
    public var warnings: [Violation]?
    /// What became of the order, as the journal shows it now.
    public var execution: JournaledExecution

    /// Creates one.
    public init(
        allowed: Bool,
        ruleIDs: [String],
        profileHash: String,
        decidedAt: Timestamp,
        priceSource: PriceSource? = nil,
        referencePrice: FixedDecimal? = nil,
        violations: [Violation]? = nil,
        warnings: [Violation]? = nil,
        execution: JournaledExecution = .none
    ) {
        self.violations = violations
        self.warnings = warnings
        self.execution = execution
        self.priceSource = priceSource
        self.referencePrice = referencePrice
        self.allowed = allowed
        self.ruleIDs = ruleIDs
        self.profileHash = profileHash
        self.decidedAt = decidedAt
    }
}

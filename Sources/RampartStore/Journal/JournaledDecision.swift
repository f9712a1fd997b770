public import RampartRules

/// A decision that is durable in the journal, or a denial because the journal was unavailable.
public struct JournaledDecision: Sendable {
    /// The rule id of a denial by the journal.
    public static let storageRule = "storage"

    /// The rules' decision; nil when the gate was already closed and did not consult the rules.
    public let decision: Decision?
    /// The permit for an allowed order; nil when denied.
    public let permit: Permit?
    /// The order's journal sequence; nil when its batch failed to commit.
    public let sequence: Int64?
    /// Set when the order was denied because the journal was unavailable.
    public let storageFailure: JournalError?
    /// What the paper executor did, when the order was executed in its decision's batch (`submit(execute:)`).
    public var inline: InlineOutcome? = nil

    /// Whether the order may go to an executor.
    public var allowed: Bool { storageFailure == nil && (decision?.allowed ?? false) }

    /// Ids of the rules that denied or warned; `storage` first when the journal denied it.
    public var ruleIDs: [String] {
        let rules = decision?.ruleIDs ?? []
        return storageFailure == nil ? rules : [Self.storageRule] + rules
    }

    /// The denial message of a storage denial: `journal unavailable: …`.
    public var storageMessage: String? { storageFailure.map { "journal unavailable: \($0)" } }
}

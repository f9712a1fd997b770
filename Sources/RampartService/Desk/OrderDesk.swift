public import RampartRules

/// What the service asks of the order book: decide, execute, and operate the trading state.
///
/// `GateDesk` is the in-memory implementation; the durable gate and paper executor will conform later.
public protocol OrderDesk: Sendable {
    /// Gates `order` and, when allowed, executes it; the same `clientOrderID` again returns the first result.
    func submit(_ order: Order) async -> DeskResult
    /// What `submit` would decide now, reserving and executing nothing.
    func check(_ order: Order) async -> Decision
    /// Sets (and persists) a scope's trading state; an emergency stop or a resume.
    func setTradingState(_ state: TradingState, for scope: TradingScope, reason: String) async throws(DeskError)
    /// A copy of the current risk state.
    func snapshot() async -> RiskState
    /// Swaps in a new profile atomically.
    func replaceProfile(with profile: CompiledProfile) async
    /// The profile in force now.
    func profile() async -> CompiledProfile
    /// Scopes whose trading state an operator set, with the reason (for `GET /v1/state`).
    func operatorStates() async -> [TradingStateRecord]
    /// Names of the bots and accounts the desk has seen orders for.
    func knownNames() async -> (bots: [String], accounts: [String])
    /// Live orders whose outcome is not yet known; their reservations are held while they are reconciled.
    func pendingLiveOrders() async -> [PendingLiveOrder]
}

extension OrderDesk {
    /// A desk without a live venue never has pending live orders.
    public func pendingLiveOrders() async -> [PendingLiveOrder] { [] }
}

/// A live order the venue has not confirmed yet (timeout, dropped connection, restart while in flight).
public struct PendingLiveOrder: Sendable, Hashable {
    /// The order as the gate allowed it.
    public var order: Order
    /// The client order id it was placed (and is reconciled) under.
    public var clientOrderID: String
    /// Why it is pending: the last reconciliation problem.
    public var reason: String

    /// Creates one.
    public init(order: Order, clientOrderID: String, reason: String) {
        self.order = order
        self.clientOrderID = clientOrderID
        self.reason = reason
    }
}

/// The outcome of one submitted order: the decision and, when allowed, what the executor did.
public struct DeskResult: Sendable {
    /// The gate's decision.
    public var decision: Decision
    /// What the executor did with the permit; nil when the order was denied.
    public var execution: ExecutionResult?
    /// True when this is a repeat of an earlier `client_order_id` and the first result is returned.
    public var replayed: Bool
    /// Set when the answer is a decision journaled before a restart (the in-memory one is gone).
    public var earlier: EarlierDecision?
    /// Set when the journal could not record the decision: the order is denied (rule `storage`), whatever
    /// `decision` says (it then only carries the profile hash and time).
    public var storageFailure: String?

    /// Creates a result.
    public init(
        decision: Decision,
        execution: ExecutionResult?,
        replayed: Bool = false,
        earlier: EarlierDecision? = nil,
        storageFailure: String? = nil
    ) {
        self.decision = decision
        self.execution = execution
        self.replayed = replayed
        self.earlier = earlier
        self.storageFailure = storageFailure
    }

    /// Whether the order went through.
    public var allowed: Bool { storageFailure == nil && (earlier?.allowed ?? decision.allowed) }
}

/// A decision read back from the journal for a repeated client order id.
public struct EarlierDecision: Sendable, Hashable {
    /// Whether it was allowed.
    public var allowed: Bool
    /// The rules that denied or warned.
    public var ruleIDs: [String]
    /// The profile that decided.
    public var profileHash: String
    /// When.
    public var decidedAt: Timestamp

    /// Creates one.
    public init(allowed: Bool, ruleIDs: [String], profileHash: String, decidedAt: Timestamp) {
        self.allowed = allowed
        self.ruleIDs = ruleIDs
        self.profileHash = profileHash
        self.decidedAt = decidedAt
    }
}

/// Why the desk could not carry out an operator action.
public enum DeskError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The new state is in force in memory but could not be persisted.
    case notPersisted(String)
    /// The state store refused the change; nothing changed.
    case storeFailed(String)

    public var description: String {
        switch self {
        case .notPersisted(let reason): "in force now but not persisted: \(reason)"
        case .storeFailed(let reason): "trading state store failed; nothing changed: \(reason)"
        }
    }
}

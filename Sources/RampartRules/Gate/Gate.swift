import Synchronization

/// The order gate: evaluates an order and reserves room for it in one critical section.
///
/// Two concurrent orders can never both pass a limit that only one of them fits. The gate owns the
/// in-memory risk state and the current compiled profile; a reload swaps the profile atomically, and every
/// decision names the hash of the profile that made it.
public final class Gate: Sendable {
    private struct Core: ~Copyable {
        var profile: CompiledProfile
        var state: RiskState
    }

    private let core: Mutex<Core>
    private let clock: @Sendable () -> Timestamp
    /// Small states for what-ifs decided outside the gate's lock (`check`), each behind a lock of its own and
    /// emptied after use, so a what-if fills one in place instead of building and freeing a state. Four: more
    /// threads than that checking at the same moment build a state of their own.
    private let spareStates = (0..<4).map { _ in SpareState() }

    /// Creates a gate over `profile`, starting from `state`, reading time from `clock`.
    public init(profile: CompiledProfile, state: RiskState = RiskState(), clock: @escaping @Sendable () -> Timestamp) {
        self.core = Mutex(Core(profile: profile, state: state))
        self.clock = clock
    }

    /// The profile in force now.
    public var profile: CompiledProfile { core.withLock { $0.profile } }

    /// Decides on `order` and, when it is allowed, reserves room for it and returns the permit.
    ///
    /// Violated rules with a trading-state action (`reduce_only_bot`, `halt_bot`, `halt_account`) take effect here.
    ///
    /// Takes the order over: the permit carries it without a copy when the caller does not use it afterwards.
    public func submit(
        _ order: consuming Order,
        stopAtFirstDenial: Bool = false
    ) -> (decision: Decision, permit: Permit?) {
        let now = clock()
        let (decision, reserved) = core.withLock { core in
            core.state.decide(
                order,
                at: now,
                profile: core.profile,
                reserve: true,
                stopAtFirstDenial: stopAtFirstDenial
            )
        }
        guard let reserved else { return (decision, nil) }
        return (decision, Permit(order: order, reserved: reserved))
    }

    /// What `submit` would answer now, without reserving anything or changing any state.
    ///
    /// Decided inside the lock on a copy that ends there: a copy of the state that outlived the lock would make every
    /// `submit` meanwhile copy each array it writes (copy on write) — ~50× its cost while checks run beside it. A
    /// what-if that needs a small state of its own takes its parts in the lock and builds and decides on it outside
    /// (`RiskState.whatIfParts`).
    public func check(_ order: Order) -> Decision {
        let now = clock()
        let answer = core.withLock { core -> WhatIf in
            if let parts = core.state.whatIfParts(for: order, profile: core.profile) {
                return .onItsOwn(parts, core.profile)
            }
            var scratch = core.state
            return .decided(scratch.decide(order, at: now, profile: core.profile, reserve: false).0)
        }
        switch answer {
        case .decided(let decision): return decision
        case .onItsOwn(let parts, let profile):
            for spare in spareStates {
                let decided = spare.state.withLockIfAvailable { scoped -> Decision in
                    scoped.hold(parts, profile: profile)
                    defer { scoped.empty() }
                    return scoped.decide(order, at: now, profile: profile, reserve: false).0
                }
                if let decided { return decided }
            }
            return RiskState.decide(order, on: parts, at: now, profile: profile)
        }
    }

    /// An empty small state a what-if can fill and decide on (see `spareStates`).
    private final class SpareState: Sendable {
        let state = Mutex(RiskState())
    }

    /// A what-if decided in the lock, or the parts of a small state to decide it on outside.
    private enum WhatIf {
        case decided(Decision)
        case onItsOwn(WhatIfParts, CompiledProfile)
    }

    /// Books a fill of a permitted order (at `time`, or now); the unfilled rest of the permit is released.
    @discardableResult
    public func commit(_ permit: Permit, fill: Fill, at time: Timestamp? = nil) throws(GateError) -> FillOutcome {
        let now = time ?? clock()
        return try core.withLock { (core: inout Core) throws(GateError) -> FillOutcome in
            try core.state.commit(permit, fill: fill, at: now)
        }
    }

    /// What `commit` (or, with `partial`, `commitPart`) of `fill` at `time` would answer now, changing nothing.
    public func previewCommit(
        _ permit: Permit,
        fill: Fill,
        partial: Bool,
        at time: Timestamp
    ) throws(GateError)
        -> FillOutcome
    {
        try core.withLock { (core: inout Core) throws(GateError) -> FillOutcome in
            try core.state.preview(permit, fill: fill, partial: partial, at: time)
        }
    }

    /// Books one fill of a bot-executed order and keeps the rest reserved; returns the outcome and the quantity still
    /// reserved (zero: the permit is settled). A fill above the rest is refused with `.exceedsReservation`.
    public func commitPart(
        _ permit: Permit,
        fill: Fill,
        at time: Timestamp? = nil
    ) throws(GateError) -> (outcome: FillOutcome, remaining: FixedDecimal) {
        let now = time ?? clock()
        return try core.withLock {
            (core: inout Core) throws(GateError) -> (outcome: FillOutcome, remaining: FixedDecimal) in
            try core.state.commitPart(permit, fill: fill, at: now)
        }
    }

    /// The quantity `permit`'s reservation still holds; `.unknownPermit` once it is settled.
    public func reservedQuantity(of permit: Permit) throws(GateError) -> FixedDecimal {
        try core.withLock { (core: inout Core) throws(GateError) -> FixedDecimal in
            try core.state.reservedQuantity(of: permit)
        }
    }

    /// Gives back a permit's reserved room: the order was rejected or cancelled without a fill.
    public func release(_ permit: Permit) throws(GateError) {
        try core.withLock { (core: inout Core) throws(GateError) in try core.state.release(permit) }
    }

    /// Throws `.unknownPermit` unless `permit`'s reservation is still held.
    public func ensureOpen(_ permit: Permit) throws(GateError) {
        try core.withLock { (core: inout Core) throws(GateError) in _ = try core.state.reservation(for: permit) }
    }

    /// Swaps in a new profile; decisions after this call use it, decisions before it used the old one.
    public func replaceProfile(with profile: CompiledProfile) {
        core.withLock { $0.profile = profile }
    }

    /// Sets a scope's trading state (emergency stop: `.halted`, or `.reducing` for reduce-only).
    public func setTradingState(_ state: TradingState, for scope: TradingScope, reason: String) {
        let now = clock()
        core.withLock { $0.state.setTradingState(state, for: scope, reason: reason, now: now) }
    }

    /// Marks a bot as promoted (or not) to live trading.
    public func setPromoted(_ promoted: Bool, bot: String) {
        core.withLock { $0.state.setPromoted(promoted, bot: bot) }
    }

    /// Whether a bot is promoted to live trading now.
    public func isPromoted(bot: String) -> Bool {
        core.withLock { $0.state.isPromoted(bot: bot) }
    }

    /// Every bot promoted to live trading now, read in the lock (no copy of the state outlives it).
    public func promotedBots() -> [String] { core.withLock { $0.state.promotedBots } }

    /// Whether an order with this client order id was ever allowed.
    public func hasSeen(clientOrderID: String) -> Bool {
        core.withLock { $0.state.hasSeenClientOrderID(clientOrderID) }
    }

    /// Runs `body` on the state inside the gate's critical section.
    func withState<Result>(_ body: (inout RiskState) -> Result) -> Result {
        core.withLock { body(&$0.state) }
    }

    /// Every symbol with a quote held, and the quote, read in the lock (no copy of the state outlives it).
    public func heldQuotes() -> [(symbol: String, quote: Quote)] { core.withLock { $0.state.heldQuotes } }

    /// A bot's paper record as eligibility reads it (`RiskState.paperRecord`), read in the lock.
    public func paperRecord(ofBot bot: String, now: Timestamp, startingBalance: FixedDecimal) -> PaperRecord {
        core.withLock { $0.state.paperRecord(ofBot: bot, now: now, startingBalance: startingBalance) }
    }

    /// The state's counts for `/metrics` at `now`, counted in the lock (no copy of the state outlives it).
    public func stateCounts(at now: Timestamp) -> StateCounts { core.withLock { $0.state.counts(at: now) } }

    /// A copy of the current state, for reports and snapshots. It shares the state's storage: while it is alive, each
    /// order decided copies what it writes, so readers that need a few values use the readers above instead.
    public func snapshot() -> RiskState { core.withLock { $0.state } }
}

extension CompiledProfile {
    /// Evaluates `order` against a copy of `state` at `time`: a what-if that reserves nothing and changes nothing.
    public func evaluate(
        _ order: Order,
        in state: RiskState,
        at time: Timestamp,
        stopAtFirstDenial: Bool = false
    )
        -> Decision
    {
        if let parts = state.whatIfParts(for: order, profile: self) {
            return RiskState.decide(order, on: parts, at: time, profile: self, stopAtFirstDenial: stopAtFirstDenial)
        }
        var scratch = state
        return scratch.decide(order, at: time, profile: self, reserve: false, stopAtFirstDenial: stopAtFirstDenial).0
    }
}

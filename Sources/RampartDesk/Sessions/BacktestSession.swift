public import RampartRules
import Synchronization

/// An isolated in-memory gate for a backtest (`POST /v1/sessions`): its orders and fills carry their own time
/// (candle time, never earlier than the session's last), every order is bot-executed, and nothing touches the
/// service's state or journal.
public final class BacktestSession: Sendable {
    /// `s-` and 16 hex digits.
    public let id: String
    /// The name of the token that opened it; only that token (or an admin) may use it.
    public let owner: String
    /// The profile it runs, made for backtesting (`CompiledProfile.forBacktest`).
    public let profile: CompiledProfile
    /// The starting balance it was opened with, if one was given.
    public let startingBalance: FixedDecimal?
    /// When it was opened (wall clock).
    public let createdAt: Timestamp
    private let gate: Gate
    private let clock: SessionClock
    private let core: Mutex<Core>

    private struct Core {
        var lastTime: Timestamp?
        var lastUsed: Timestamp
        var orders: [String: ExternalOrder] = [:]
        var answers: [String: OrderOutcome] = [:]
        var fills: [String: [String: ExternalFillReport]] = [:]
        /// How each order that no longer holds a reservation ended: `filled` or `cancelled`.
        var ended: [String: String] = [:]
        var allowed = 0
        var denied = 0
        var fillCount = 0
    }

    /// The session gate's clock: the time of the order or fill being handled.
    private final class SessionClock: Sendable {
        let now = Mutex(Timestamp(nanoseconds: 0))
        func read() -> Timestamp { now.withLock { $0 } }
        func set(_ time: Timestamp) { now.withLock { $0 = time } }
    }

    /// Opens a session over `profile` (already made for backtesting) at wall-clock `now`.
    public init(id: String, owner: String, profile: CompiledProfile, startingBalance: FixedDecimal?, now: Timestamp) {
        self.id = id
        self.owner = owner
        self.profile = profile
        self.startingBalance = startingBalance
        self.createdAt = now
        let clock = SessionClock()
        self.clock = clock
        self.gate = Gate(profile: profile, clock: { clock.read() })
        self.core = Mutex(Core(lastUsed: now))
    }

    /// Why a session refused an order, a fill or a release; nothing changed.
    public enum Refusal: Error, Sendable, Hashable {
        /// `time` is before the session's last order or fill.
        case timeBackwards(time: Timestamp, last: Timestamp)
        /// A session order must be paper.
        case liveMode
        /// A fill or release for an order the session does not know, or whose reservation is settled.
        case order(ExternalOrderError)
    }

    /// Decides on `order` at `time`; with `reserve` (submit), an allowed order's reservation is held for the bot's
    /// fills. The same client order id again answers the first decision (`.replayed`).
    public func decide(
        _ order: Order,
        at time: Timestamp,
        reserve: Bool,
        wallClock: Timestamp
    ) throws(Refusal)
        -> OrderOutcome
    {
        guard order.mode == .paper else { throw .liveMode }
        return try core.withLock { (core: inout Core) throws(Refusal) -> OrderOutcome in
            try advance(&core, to: time, wallClock: wallClock)
            if reserve, let id = order.clientOrderID, let first = core.answers[id] { return .replayed(first) }
            guard reserve else { return .decided(gate.check(order), execution: nil) }
            let (decision, permit) = gate.submit(order)
            let outcome: OrderOutcome
            if let permit, let id = order.clientOrderID {
                let reserved = ExternalOrder(permit: permit, expiresAt: Timestamp(nanoseconds: .max))
                core.orders[id] = reserved
                outcome = .reserved(decision, reserved)
            } else {
                if let permit { try? gate.release(permit) }  // no id to report fills against (the API requires one)
                outcome = .decided(decision, execution: nil)
            }
            if decision.allowed { core.allowed += 1 } else { core.denied += 1 }
            if let id = order.clientOrderID { core.answers[id] = outcome }
            return outcome
        }
    }

    /// Books a fill of session order `clientOrderID` at `time`; the price is unchecked (a session has no market).
    public func reportFill(
        clientOrderID id: String,
        fillID: String,
        fill reported: Fill,
        at time: Timestamp,
        wallClock: Timestamp
    ) throws(Refusal) -> ExternalFillReport {
        try core.withLock { (core: inout Core) throws(Refusal) -> ExternalFillReport in
            if let first = core.fills[id]?[fillID] {
                guard first.fill.quantity == reported.quantity, first.fill.price == reported.price,
                    first.fill.fee == reported.fee
                else { throw .order(.fillIDConflict(id, fillID: fillID)) }
                var again = first
                again.replayed = true
                // What the order's fills add up to now: the newest report of it says so.
                again.filled = core.fills[id]?.values.map(\.filled).max() ?? first.filled
                return again
            }
            guard var order = core.orders[id] else { throw .order(Self.notHeld(id, core)) }
            try advance(&core, to: time, wallClock: wallClock)
            var fill = reported
            fill.priceSource = .caller
            let booked: (outcome: FillOutcome, remaining: FixedDecimal)
            do throws(GateError) {
                booked = try gate.commitPart(order.permit, fill: fill)
            } catch {
                if case .exceedsReservation(let remaining) = error {
                    throw .order(.exceedsReservation(id, remaining: remaining, requested: fill.quantity))
                }
                throw .order(.invalid(id, reason: "\(error)"))
            }
            order.filled = FixedDecimal(units: order.permit.order.quantity.units - booked.remaining.units)
            order.fillIDs.insert(fillID)
            core.orders[id] = booked.remaining.isPositive ? order : nil
            if !booked.remaining.isPositive { core.ended[id] = "filled" }
            core.fillCount += 1
            let report = ExternalFillReport(
                clientOrderID: id,
                fillID: fillID,
                fill: fill,
                priceCheck: .unchecked,
                marketPrice: nil,
                realizedPnL: booked.outcome.realizedPnL,
                orderQuantity: order.permit.order.quantity,
                filled: order.filled,
                expiresAt: nil,
                replayed: false
            )
            core.fills[id, default: [:]][fillID] = report
            return report
        }
    }

    /// Releases what session order `clientOrderID` still has reserved.
    public func release(clientOrderID id: String, wallClock: Timestamp) throws(Refusal) -> ExternalOrder {
        try core.withLock { (core: inout Core) throws(Refusal) -> ExternalOrder in
            guard let order = core.orders.removeValue(forKey: id) else { throw .order(Self.notHeld(id, core)) }
            core.ended[id] = "cancelled"
            core.lastUsed = wallClock
            try? gate.release(order.permit)
            return order
        }
    }

    /// What the session holds now, for `GET /v1/sessions/{id}` and `/v1/state`.
    public func summary() -> SessionSummary {
        let (core, state) = (self.core.withLock { $0 }, gate.snapshot())
        return SessionSummary(
            allowed: core.allowed,
            denied: core.denied,
            fills: core.fillCount,
            lastTime: core.lastTime,
            lastUsed: core.lastUsed,
            openOrders: core.orders.values.sorted { $0.permit.time < $1.permit.time },
            state: state
        )
    }

    /// When it was last used (wall clock), for expiry.
    public var lastUsed: Timestamp { core.withLock { $0.lastUsed } }

    /// Why no reservation is held for `id`: it ended (how), or no allowed order of the session has that id.
    private static func notHeld(_ id: String, _ core: Core) -> ExternalOrderError {
        guard let status = core.ended[id] else { return .unknownOrder(id) }
        return .closed(id, status: status)
    }

    /// Moves the session's clock to `time`, refusing to go back.
    private func advance(_ core: inout Core, to time: Timestamp, wallClock: Timestamp) throws(Refusal) {
        if let last = core.lastTime, time < last { throw .timeBackwards(time: time, last: last) }
        core.lastTime = time
        core.lastUsed = wallClock
        clock.set(time)
    }
}

/// A backtest session's counts, open reservations and risk state.
public struct SessionSummary: Sendable {
    /// Orders allowed (submitted, not checked).
    public var allowed: Int
    /// Orders denied.
    public var denied: Int
    /// Fills booked.
    public var fills: Int
    /// The time of its last order or fill (candle time).
    public var lastTime: Timestamp?
    /// When it was last used (wall clock).
    public var lastUsed: Timestamp
    /// Reservations not yet filled or released.
    public var openOrders: [ExternalOrder]
    /// Its gate's state: positions, accounts, bots.
    public var state: RiskState
}

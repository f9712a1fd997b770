public import RampartRules

/// Sends permitted live orders to a venue, refusing everything while live trading is off or the bot is not
/// promoted (defence in depth: the gate checks both already).
public struct LiveExecutor: Sendable {
    /// The venue orders go to.
    public let venue: any Venue
    private let liveTradingEnabled: @Sendable (_ order: Order) -> Bool
    private let isPromoted: @Sendable (_ bot: String) -> Bool

    /// Creates an executor; the two closures are read for every order, so a reload or demotion applies at once.
    /// `liveTradingEnabled` answers `flags.live_trading` for the order's bot and symbol in the profile in force.
    public init(
        venue: any Venue,
        liveTradingEnabled: @escaping @Sendable (_ order: Order) -> Bool,
        isPromoted: @escaping @Sendable (_ bot: String) -> Bool
    ) {
        self.venue = venue
        self.liveTradingEnabled = liveTradingEnabled
        self.isPromoted = isPromoted
    }

    /// Why the executor will not send `permit`, or nil when it will.
    public func refusal(of permit: Permit) -> LiveRefusal? {
        if permit.order.mode != .live { return .notLiveOrder(permit.order.mode) }
        if !liveTradingEnabled(permit.order) { return .liveTradingDisabled }
        if !isPromoted(permit.order.bot) { return .botNotPromoted(permit.order.bot) }
        return nil
    }

    /// Places `permit`'s order once under `clientOrderID`; never retries a placement.
    public func execute(_ permit: Permit, clientOrderID: String) async -> LiveAttempt {
        let request = VenueOrderRequest(permit: permit, clientOrderID: clientOrderID)
        if let refusal = refusal(of: permit) {
            return LiveAttempt(request: request, sentAt: .now, result: .refused(refusal))
        }
        let sentAt = ContinuousClock.now
        switch await venue.place(request) {
        case .success(let status): return LiveAttempt(request: request, sentAt: sentAt, result: .answered(status))
        case .failure(let error):
            return LiveAttempt(
                request: request,
                sentAt: sentAt,
                result: error.isDefinite ? .rejected(error) : .unknown(error)
            )
        }
    }
}

/// Why the live executor refused to send an order.
public enum LiveRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// The order is not a live order.
    case notLiveOrder(TradingMode)
    /// `flags.live_trading` is off.
    case liveTradingDisabled
    /// The bot has not been promoted to live trading.
    case botNotPromoted(String)

    public var description: String {
        switch self {
        case .notLiveOrder(let mode): "a \(mode) order cannot go to the live executor"
        case .liveTradingDisabled: "live trading is disabled (flags.live_trading is false)"
        case .botNotPromoted(let bot): "bot \(bot) is not promoted to live trading"
        }
    }
}

/// One placement attempt: what was sent, when, and what came back.
public struct LiveAttempt: Sendable {
    /// The request (with the client order id that reconciliation asks for).
    public var request: VenueOrderRequest
    /// When the request left, for the venue's late-arrival window.
    public var sentAt: ContinuousClock.Instant
    /// What came back.
    public var result: Result

    /// The answer to one placement.
    public enum Result: Sendable {
        /// Not sent: the executor refused it.
        case refused(LiveRefusal)
        /// The venue answered with the order's state.
        case answered(VenueOrderStatus)
        /// The venue definitely did not act.
        case rejected(VenueError)
        /// The venue may have acted: reconcile before releasing anything.
        case unknown(VenueError)
    }
}

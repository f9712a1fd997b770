import RampartRules

/// A trading venue the live executor sends permitted orders to.
///
/// Implementations must tell a definite answer from an unknown one: `VenueError.rejected` and `.notSent` promise
/// that the venue did not act; anything that might have reached the venue and acted is `.unknownOutcome`.
/// Calls answer with a `Result` rather than `async throws(VenueError)`: Swift 6.3.1 on Linux crashes (null
/// function pointer) on typed-throws async calls through a protocol existential.
public protocol Venue: Sendable {
    /// How long after a place request was sent the venue may still accept it; an order reported absent before
    /// this has passed may yet appear, so absence only counts as definite after it (Binance: `recvWindow`).
    var lateArrivalWindow: Duration { get }

    /// Places an order; the answer is the venue's view of it right after placement.
    func place(_ request: VenueOrderRequest) async -> Result<VenueOrderStatus, VenueError>

    /// The venue's view of an order by client order id, or nil when the venue says it has no such order.
    func status(clientOrderID: String, symbol: String) async -> Result<VenueOrderStatus?, VenueError>

    /// Cancels an open order by client order id; the answer is its final state.
    func cancel(clientOrderID: String, symbol: String) async -> Result<VenueOrderStatus, VenueError>
}

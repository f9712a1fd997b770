import AsyncHTTPClient
import Logging
import RampartCrypto
import RampartExecution
import RampartFakeVenue
import RampartRules
import RampartTestSupport
import Synchronization

/// A live gate with the bot promoted, a fake venue, and a router wired to both.
struct LiveRig {
    let clock = ManualClock()
    let gate: Gate
    let venue: FakeVenue
    let client: HTTPClient
    let router: OrderRouter

    // Wide enough that a loaded CI machine (2 cores shared with other suites) never turns a prompt answer into a
    // timeout; the delayed placements below wait `slowAnswer`, well past it.
    static let timeout = Duration.milliseconds(1_000)
    static let recvWindow = Duration.milliseconds(1_500)
    static let slowAnswer = Duration.milliseconds(2_500)

    /// Starts the fake venue and builds the rig; call `shutdown()` at the end.
    static func start(
        attempts: Int = 4,
        listedName: @escaping @Sendable (String) -> String? = { _ in nil }
    ) async throws -> LiveRig {
        let venue = FakeVenue()
        let baseURL = try await venue.start()
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        // AsyncHTTPClient 1.37's span attributes crash under Swift 6.3.1 on Linux (null metadata); no tracing here.
        configuration.tracing.tracer = nil
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        return try LiveRig(venue: venue, baseURL: baseURL, client: client, attempts: attempts, listedName: listedName)
    }

    private init(
        venue: FakeVenue,
        baseURL: String,
        client: HTTPClient,
        attempts: Int,
        listedName: @escaping @Sendable (String) -> String?
    ) throws {
        let clock = self.clock
        // Routing is the subject: live orders are priced by the caller (market-data checks: MarketPriceChecksTests).
        let profile = try TestProfile.compile([.liveTrading: .bool(true), .marketRequire: .quoteRequirement(.none)])
        gate = Gate(profile: profile, clock: clock.function)
        gate.setPromoted(true, bot: "bot-1")
        self.venue = venue
        self.client = client
        let binance = BinanceSpotVenue(
            baseURL: baseURL,
            credentials: VenueCredentials(apiKey: venue.apiKey, secret: venue.secret),
            httpClient: client,
            recvWindow: Self.recvWindow,
            timeout: Self.timeout,
            listedName: listedName
        )
        let live = LiveExecutor(venue: binance, liveTradingEnabled: { _ in true }, isPromoted: { _ in true })
        let policy = ReconciliationPolicy(
            attempts: attempts,
            initialDelay: .milliseconds(20),
            maximumDelay: .milliseconds(80),
            absenceGrace: .milliseconds(50)
        )
        var logger = Logger(label: "rampart.execution.tests")
        logger.logLevel = .critical
        router = OrderRouter(settlement: GateSettlement(gate), live: live, reconciliation: policy, logger: logger)
    }

    func shutdown() async throws {
        try await client.shutdown()
        await venue.stop()
    }

    /// The gate's committed position for bot-1.
    func gatePosition(_ symbol: String = "BTC/USDT") -> FixedDecimal {
        gate.snapshot().positionQuantity(bot: "bot-1", symbol: symbol)
    }

    /// Submits a live order to the gate; the permit must be granted.
    func permit(
        _ side: Side,
        _ quantity: String,
        price: String = "100",
        id: String? = nil,
        type: OrderType = .limit
    ) throws -> Permit {
        let order = Order(
            bot: "bot-1",
            symbol: "BTC/USDT",
            side: side,
            type: type,
            quantity: d(quantity),
            price: type == .limit ? d(price) : nil,
            referencePrice: d(price),
            mode: .live,
            clientOrderID: id
        )
        let (decision, permit) = gate.submit(order)
        guard let permit else { throw RigError("gate denied the order: \(decision.ruleIDs)") }
        return permit
    }
}

struct RigError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

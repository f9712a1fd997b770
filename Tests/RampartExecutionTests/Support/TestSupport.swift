import AsyncHTTPClient
import Logging
import RampartCrypto
import RampartExecution
import RampartRules
import RampartTestSupport
import Synchronization

/// Builds compiled profiles in code (the seed limits of `profiles/base.yaml`), as the engine's own tests do.
enum TestProfile {
    static let here = SourceLocation(file: "test.yaml", line: 1, column: 1)

    static func seedParameters(live: Bool) -> [ParameterKey: ParameterValue] {
        [
            .trading: .bool(true),
            .liveTrading: .bool(live),
            .maxOrderQuantity: .decimal(d("5")),
            .maxOrderNotional: .decimal(d("1000")),
            .priceCollar: .percent(Percent(d("2"))),
            .maxPositionNotional: .decimal(d("5000")),
            .maxGrossExposure: .decimal(d("20000")),
            .maxOpenTrades: .integer(5),
            .maxDailyLoss: .percent(Percent(d("5"))),
            .maxDrawdown: .percent(Percent(d("15"))),
            .lossStreak: .lossStreak(LossStreak(losses: 3, cooldown: TimeSpan(nanoseconds: 7_200_000_000_000))),
            .symbols: .symbols(SymbolFilter(deny: [Glob("LUNA/*")!], allow: [Glob("*/USDT")!, Glob("*/BTC")!])),
            .orderRates: .rates([Rate(count: 30, window: TimeSpan(nanoseconds: 60_000_000_000))]),
            .tradeRates: .rates([Rate(count: 50, window: TimeSpan(nanoseconds: 86_400_000_000_000))]),
            .duplicateWindow: .duration(TimeSpan(nanoseconds: 2_000_000_000)),
        ]
    }

    static func compile(live: Bool = true) throws -> CompiledProfile {
        let checks: [CheckKind] = [
            .tradingFlag, .tradingState, .maxOrderQuantity, .maxOrderNotional, .priceCollar, .maxPositionNotional,
            .maxGrossExposure, .maxOpenTrades, .maxDailyLoss, .maxDrawdown, .lossStreak, .symbols, .orderRate,
            .tradeRate, .duplicateOrder, .liveFlag, .liveEligibility,
        ]
        let rules = checks.enumerated().map { offset, check in
            RuleSpec(id: check.rawValue.replacing("_", with: "-"), check: check, action: .deny,
                     location: SourceLocation(file: "rules/test.yaml", line: offset + 2, column: 5))
        }
        var parameters: [ParameterKey: Sourced<ParameterValue>] = [:]
        for (key, value) in seedParameters(live: live) { parameters[key] = Sourced(value, at: here) }
        let spec = ProfileSpec(
            name: "test", location: here, packs: [Sourced("test", at: here)], parameters: parameters,
            startingBalance: Sourced(d("10000"), at: here), contentHash: "test-hash"
        )
        return try ProfileCompiler.compile(spec, packs: ["test": RulePackSpec(name: "test", rules: rules, location: here)])
    }
}

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let current = Mutex(Timestamp(nanoseconds: 1_767_605_400_000_000_000))  // 2026-01-05T09:30:00Z
    var now: Timestamp { current.withLock { $0 } }
    func advance(seconds: Int64) { current.withLock { $0 = Timestamp(nanoseconds: $0.nanoseconds + seconds * 1_000_000_000) } }
    var function: @Sendable () -> Timestamp { { self.now } }
}

/// An exact decimal from text; tests only.
func d(_ text: String) -> FixedDecimal { try! FixedDecimal(exactly: text) }

/// A live gate with the bot promoted, a fake venue, and a router wired to both.
struct LiveRig {
    let clock = ManualClock()
    let gate: Gate
    let venue: FakeVenue
    let client: HTTPClient
    let router: OrderRouter

    static let timeout = Duration.milliseconds(200)
    static let recvWindow = Duration.milliseconds(300)

    /// Starts the fake venue and builds the rig; call `shutdown()` at the end.
    static func start(attempts: Int = 4) async throws -> LiveRig {
        let venue = FakeVenue()
        let baseURL = try await venue.start()
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        // AsyncHTTPClient 1.37's span attributes crash under Swift 6.3.1 on Linux (null metadata); no tracing here.
        configuration.tracing.tracer = nil
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        return try LiveRig(venue: venue, baseURL: baseURL, client: client, attempts: attempts)
    }

    private init(venue: FakeVenue, baseURL: String, client: HTTPClient, attempts: Int) throws {
        let clock = self.clock
        gate = Gate(profile: try TestProfile.compile(live: true), clock: clock.function)
        gate.setPromoted(true, bot: "bot-1")
        self.venue = venue
        self.client = client
        let binance = BinanceSpotVenue(
            baseURL: baseURL, credentials: VenueCredentials(apiKey: venue.apiKey, secret: venue.secret), httpClient: client,
            recvWindow: Self.recvWindow, timeout: Self.timeout
        )
        let live = LiveExecutor(venue: binance, liveTradingEnabled: { _ in true }, isPromoted: { _ in true })
        let policy = ReconciliationPolicy(
            attempts: attempts, initialDelay: .milliseconds(20), maximumDelay: .milliseconds(80), absenceGrace: .milliseconds(50)
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
    func gatePosition(_ symbol: String = "BTC/USDT") -> FixedDecimal { gate.snapshot().positionQuantity(bot: "bot-1", symbol: symbol) }

    /// Submits a live order to the gate; the permit must be granted.
    func permit(_ side: Side, _ quantity: String, price: String = "100", id: String? = nil, type: OrderType = .limit) throws -> Permit {
        let order = Order(
            bot: "bot-1", symbol: "BTC/USDT", side: side, type: type, quantity: d(quantity),
            price: type == .limit ? d(price) : nil, referencePrice: d(price), mode: .live, clientOrderID: id
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

public import Prometheus
public import RampartDesk
public import RampartRules
public import RampartStore
import Synchronization

/// The service's Prometheus metrics: decisions by result and rule, evaluation latency, state gauges, reloads.
public final class ServiceMetrics: Sendable {
    /// The registry `/metrics` emits.
    public let registry: PrometheusCollectorRegistry
    private let allowed: [String: Counter]
    private let denied: [String: Counter]
    private let latency: [String: DurationHistogram]
    private let globalState: Gauge
    private let stoppedScopes: Gauge
    private let knownBots: Gauge
    private let knownAccounts: Gauge
    private let pendingLiveOrders: Gauge
    private let restingOrders: Gauge
    private let authFailures: Counter
    private let authThrottled: Counter
    /// Feed error counts already added to the counters, by kind (the feed keeps running totals).
    private let countedFeedErrors = Mutex<[String: Int]>([:])

    private static func name(_ metric: String, _ help: String, unit: String = "") -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "rampart", metricName: metric, unitName: unit, helpText: help)
    }

    private static var decisions: MetricNameDescriptor {
        name("decisions", "Gate decisions by endpoint and result.", unit: "total")
    }
    private static var latency: MetricNameDescriptor {
        name("decision", "Time to decide (orders: and execute) one order.", unit: "seconds")
    }
    private static var findings: MetricNameDescriptor {
        name("rule_findings", "Violations and shadow warnings by rule.", unit: "total")
    }
    private static var reloads: MetricNameDescriptor { name("reloads", "Profile reloads by result.", unit: "total") }

    /// Creates the metrics in a fresh registry.
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        let endpoints = ["orders", "check"]
        var allowed: [String: Counter] = [:]
        var denied: [String: Counter] = [:]
        var latency: [String: DurationHistogram] = [:]
        let buckets: [Duration] = [
            .microseconds(25), .microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500),
            .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(50),
        ]
        for endpoint in endpoints {
            allowed[endpoint] = registry.makeCounter(
                descriptor: Self.decisions,
                labels: [("endpoint", endpoint), ("result", "allowed")]
            )
            denied[endpoint] = registry.makeCounter(
                descriptor: Self.decisions,
                labels: [("endpoint", endpoint), ("result", "denied")]
            )
            latency[endpoint] = registry.makeDurationHistogram(
                descriptor: Self.latency,
                labels: [("endpoint", endpoint)],
                buckets: buckets
            )
        }
        self.allowed = allowed
        self.denied = denied
        self.latency = latency
        globalState = registry.makeGauge(
            descriptor: Self.name("global_trading_state", "Global trading state: 0 active, 1 reducing, 2 halted.")
        )
        stoppedScopes = registry.makeGauge(
            descriptor: Self.name("operator_stopped_scopes", "Scopes an operator halted or set reduce-only.")
        )
        knownBots = registry.makeGauge(descriptor: Self.name("known_bots", "Bots seen since start."))
        knownAccounts = registry.makeGauge(descriptor: Self.name("known_accounts", "Accounts seen since start."))
        pendingLiveOrders = registry.makeGauge(
            descriptor: Self.name(
                "pending_live_orders",
                "Live orders whose venue outcome is unknown; reservations held."
            )
        )
        restingOrders = registry.makeGauge(
            descriptor: Self.name("resting_orders", "Paper limit orders resting, reservations held.")
        )
        authFailures = registry.makeCounter(
            descriptor: Self.name("auth_failures", "Requests with a missing or unknown bearer token.", unit: "total")
        )
        authThrottled = registry.makeCounter(
            descriptor: Self.name(
                "auth_throttled",
                "Requests answered 429 because their client address failed authentication too often.",
                unit: "total"
            )
        )
        for result in ["success", "failure"] {
            _ = registry.makeCounter(descriptor: Self.reloads, labels: [("result", result)])
        }
    }

    /// Counts one decision (`endpoint` is `orders` or `check`) and its latency, and each finding by rule.
    public func record(_ decision: Decision, endpoint: String, elapsed: Duration) {
        (decision.allowed ? allowed : denied)[endpoint]?.increment()
        latency[endpoint]?.record(elapsed)
        decision.forEachFinding { rule, enforced in
            registry.makeCounter(
                descriptor: Self.findings,
                labels: [("rule", rule.id), ("kind", enforced ? "violation" : "warning")]
            ).increment()
        }
    }

    /// Counts an order the journal could not record (denied by rule `storage`).
    public func recordStorageDenial(endpoint: String, elapsed: Duration) {
        denied[endpoint]?.increment()
        latency[endpoint]?.record(elapsed)
        registry.makeCounter(descriptor: Self.findings, labels: [("rule", "storage"), ("kind", "violation")])
            .increment()
    }

    /// Counts a reload attempt.
    public func recordReload(success: Bool) {
        registry.makeCounter(descriptor: Self.reloads, labels: [("result", success ? "success" : "failure")])
            .increment()
    }

    /// Counts a fill a bot reported for its bot-executed order, by price check; off-market ones also in
    /// `rampart_external_fills_off_market_total`.
    public func recordExternalFill(_ check: PriceCheck) {
        registry.makeCounter(
            descriptor: Self.name("external_fills", "Fills bots reported, by price check.", unit: "total"),
            labels: [("price_check", check.description)]
        ).increment()
        if check == .offMarket {
            registry.makeCounter(
                descriptor: Self.name(
                    "external_fills_off_market",
                    "Fills bots reported further from the market than market_data.tolerance (booked, flagged).",
                    unit: "total"
                )
            ).increment()
        }
    }

    /// Counts a request refused for a missing or unknown bearer token.
    public func recordAuthFailure() { authFailures.increment() }

    /// Counts a request answered 429 because its client address failed authentication too often.
    public func recordAuthThrottled() { authThrottled.increment() }

    /// Counts a request answered 429 because `token` (its name) sent more than `--token-rate` allows.
    public func recordTokenThrottled(token: String) {
        registry.makeCounter(
            descriptor: Self.name("token_throttled", "Requests answered 429 over their token's rate.", unit: "total"),
            labels: [("token", token)]
        ).increment()
    }

    /// Sets the state gauges before a scrape.
    public func updateState(
        global: TradingState,
        stoppedScopes: Int,
        bots: Int,
        accounts: Int,
        pendingLiveOrders: Int = 0
    ) {
        self.pendingLiveOrders.set(Double(pendingLiveOrders))
        globalState.set(Double(global.rawValue))
        self.stoppedScopes.set(Double(stoppedScopes))
        knownBots.set(Double(bots))
        knownAccounts.set(Double(accounts))
    }

    /// Sets the market data gauges before a scrape: each held quote's age, and the feed's errors by kind.
    public func updateMarket(
        quotes: [(symbol: String, quote: Quote)],
        now: Timestamp,
        feed: PriceFeedStatus?,
        restingOrders: Int
    ) {
        self.restingOrders.set(Double(restingOrders))
        for (symbol, quote) in quotes {
            registry.makeGauge(
                descriptor: Self.name("quote_age", "Age of the newest market quote per symbol.", unit: "seconds"),
                labels: [("symbol", symbol)]
            ).set(Double(quote.age(at: now)) / 1e9)
        }
        guard let feed else { return }
        let deltas = countedFeedErrors.withLock { counted in
            var deltas: [(String, Int)] = []
            for (kind, total) in feed.errors where total > counted[kind, default: 0] {
                deltas.append((kind, total - counted[kind, default: 0]))
                counted[kind] = total
            }
            return deltas
        }
        for (kind, delta) in deltas {
            registry.makeCounter(
                descriptor: Self.name(
                    "market_data_errors",
                    "Market data answers or entries not used, by kind.",
                    unit: "total"
                ),
                labels: [("kind", kind)]
            ).increment(by: Int64(delta))
        }
    }

    /// Sets the journal writer's checkpoint counts (by result) and committed batches since start before a scrape.
    public func updateJournal(checkpoints: CheckpointCounts, batches: Int) {
        registry.makeGauge(
            descriptor: Self.name(
                "journal_batches",
                "Batches the journal writer committed since start: one transaction and one sync each."
            )
        ).set(Double(batches))
        let descriptor = Self.name(
            "journal_checkpoints",
            "Checkpoints the journal writer ran since start: completed (behind: a reader kept frames), failed."
        )
        for (result, count) in [
            ("completed", checkpoints.completed), ("behind", checkpoints.behind), ("failed", checkpoints.failed),
        ] {
            registry.makeGauge(descriptor: descriptor, labels: [("result", result)]).set(Double(count))
        }
    }

    /// The Prometheus text exposition.
    public func exposition() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}

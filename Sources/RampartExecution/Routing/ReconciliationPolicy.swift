/// How hard the router tries to learn the fate of an order whose placement outcome is unknown.
public struct ReconciliationPolicy: Sendable, Hashable {
    /// Status queries before the order is reported unresolved (at least 1).
    public var attempts: Int
    /// Wait after the first failed query; it doubles after each further failure.
    public var initialDelay: Duration
    /// Longest wait between queries.
    public var maximumDelay: Duration
    /// Extra wait beyond the venue's late-arrival window before "no such order" counts (clock skew allowance).
    public var absenceGrace: Duration

    /// Creates a policy.
    public init(
        attempts: Int = 5,
        initialDelay: Duration = .milliseconds(250),
        maximumDelay: Duration = .seconds(4),
        absenceGrace: Duration = .seconds(1)
    ) {
        self.attempts = max(1, attempts)
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.absenceGrace = absenceGrace
    }
}

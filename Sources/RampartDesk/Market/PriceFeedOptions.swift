/// Where the price feed polls and how often: a Binance-compatible public REST API, no keys.
public struct PriceFeedOptions: Sendable {
    /// The API root, such as `https://api.binance.com` (no trailing slash needed).
    public var baseURL: String
    /// Time between quote polls while the venue answers.
    public var pollInterval: Duration
    /// Deadline of one quote request (`GET /api/v3/ticker/bookTicker`), from sending to the last body byte.
    public var timeout: Duration
    /// Deadline of one `GET /api/v3/exchangeInfo`: the full symbol list is megabytes on Binance, so it gets its own.
    public var exchangeInfoTimeout: Duration
    /// Longest wait between polls while the venue fails: the wait doubles from `pollInterval` up to this.
    public var maxBackoff: Duration
    /// Time between reloads of the venue's symbols and filters (`GET /api/v3/exchangeInfo`).
    public var exchangeInfoInterval: Duration
    /// `BASE/QUOTE` symbols polled from the start, besides those the sink reports in use.
    public var symbols: [String]

    /// Options for the venue at `baseURL`; the defaults poll every second with a 2 s deadline.
    public init(
        baseURL: String,
        pollInterval: Duration = .seconds(1),
        timeout: Duration = .seconds(2),
        exchangeInfoTimeout: Duration = .seconds(30),
        maxBackoff: Duration = .seconds(30),
        exchangeInfoInterval: Duration = .seconds(3600),
        symbols: [String] = []
    ) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.pollInterval = pollInterval
        self.timeout = timeout
        self.exchangeInfoTimeout = exchangeInfoTimeout
        self.maxBackoff = maxBackoff
        self.exchangeInfoInterval = exchangeInfoInterval
        self.symbols = symbols
    }

    /// The wait before the next poll after `failures` failed polls in a row: `pollInterval` doubled per failure,
    /// at most `maxBackoff` (and never less than `pollInterval`).
    public func delay(afterFailures failures: Int) -> Duration {
        var delay = pollInterval
        var doublings = failures
        while doublings > 0 && delay < maxBackoff {
            delay *= 2
            doublings -= 1
        }
        return max(min(delay, maxBackoff), pollInterval)
    }
}

public import RampartRules

/// What went wrong on one market data request or answer entry; the key of `PriceFeedStatus.errors`.
public enum PriceFeedErrorKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The venue could not be reached (connection refused, reset, DNS failure).
    case unreachable
    /// The request did not complete within `PriceFeedOptions.timeout`.
    case timeout
    /// The venue answered with an HTTP status other than 200.
    case httpStatus = "http_status"
    /// The answer (or one entry of it) is not JSON of the expected shape, or a number is not strict decimal text.
    case malformed
    /// A bid or ask is zero or negative.
    case notPositive = "not_positive"
    /// The bid is above the ask.
    case crossed
    /// A symbol in use that the venue does not list, or an answer entry for a symbol the feed did not ask for.
    case unknownSymbol = "unknown_symbol"

    public var description: String { rawValue }
}

/// The market data feed's health, for metrics and the API: error counts, last success, failures in a row.
public struct PriceFeedStatus: Sendable, Hashable {
    /// Errors since the feed started, by kind (`PriceFeedErrorKind.rawValue`); every kind is present, from 0.
    public var errors: [String: Int]
    /// When the venue last gave a usable answer (exchange info or quotes), by the feed's clock.
    public var lastSuccess: Timestamp?
    /// The most recent error, for people.
    public var lastError: String?
    /// Polls in a row that got no usable answer; 0 after a success.
    public var consecutiveFailures: Int
    /// `BASE/QUOTE` symbols the venue's exchange info maps to a venue symbol.
    public var mappedSymbols: Int

    /// A status with no errors and nothing mapped yet.
    public init() {
        errors = Dictionary(uniqueKeysWithValues: PriceFeedErrorKind.allCases.map { ($0.rawValue, 0) })
        lastSuccess = nil
        lastError = nil
        consecutiveFailures = 0
        mappedSymbols = 0
    }

    /// Errors of `kind` counted so far.
    public func count(of kind: PriceFeedErrorKind) -> Int { errors[kind.rawValue] ?? 0 }

    /// Counts one error of `kind` and keeps `message` as the last error.
    mutating func record(_ kind: PriceFeedErrorKind, _ message: String) {
        errors[kind.rawValue, default: 0] += 1
        lastError = message
    }
}

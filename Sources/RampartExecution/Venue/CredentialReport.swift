/// The one answer of a credentials test: whether a venue accepts the stored key and secret, and if not, why.
public enum CredentialVerdict: String, Sendable, Hashable, CaseIterable {
    /// The venue accepted a signed read-only call.
    case works
    /// The venue does not accept the API key itself (Binance -2014).
    case wrongKey = "wrong_key"
    /// The venue rejected the key or this machine's address and does not say which (Binance -2015).
    case keyOrAddressRejected = "key_or_ip_rejected"
    /// The venue knows the key but not the signature: the secret is wrong (Binance -1022).
    case badSignature = "bad_signature"
    /// The request's timestamp is outside what the venue accepts (Binance -1021, or an offset measured too large).
    case clockSkew = "clock_skew"
    /// The venue, or a firewall in front of it, refuses this machine's address before reading the key.
    case addressNotAllowed = "ip_not_allowed"
    /// No answer from the venue: refused, timed out, name not resolved, TLS failed, or a gateway without a venue.
    case unreachable = "venue_unreachable"
    /// The venue answered something that is neither success nor a known credentials problem.
    case venueError = "venue_error"

    /// How a person reads the verdict: `works`, `bad signature (wrong secret)`.
    public var title: String {
        switch self {
        case .works: "works"
        case .wrongKey: "wrong API key"
        case .keyOrAddressRejected: "API key or IP address rejected"
        case .badSignature: "bad signature (wrong secret)"
        case .clockSkew: "clock skew"
        case .addressNotAllowed: "IP address not allowed"
        case .unreachable: "venue unreachable"
        case .venueError: "unexpected answer from the venue"
        }
    }
}

/// What a credentials test found, in plain words, with what to do about it; never holds the secret, and of the API
/// key only a short prefix.
public struct CredentialReport: Sendable {
    /// The answer.
    public var verdict: CredentialVerdict
    /// What happened, in one or two sentences.
    public var summary: String
    /// What to check or change; nil when the credentials work.
    public var fix: String?
    /// The venue's API root that was called.
    public var baseURL: String
    /// The first characters of the API key, so the operator can tell which key was tested (`abcd…`).
    public var apiKeyPrefix: String
    /// The venue's clock against this machine's, from `GET /api/v3/time`; nil when it could not be read.
    public var clock: VenueClockReading?
    /// The `recvWindow` the signed call was sent with.
    public var recvWindowMilliseconds: Int64
    /// The HTTP status of the signed call's answer; nil when there was none.
    public var httpStatus: Int?
    /// The venue's error code (`-1022`); nil when the answer had none.
    public var venueCode: Int?
    /// The venue's error message (or the start of an error page), with the key and the secret removed.
    public var venueMessage: String?
    /// The account the key reads, when the call worked.
    public var account: VenueAccountSummary?
    /// With a clock skew: the verdict of the same call stamped with the venue's time, i.e. whether the key and
    /// secret themselves work once the clock is right; nil otherwise.
    public var verdictWithVenueTime: CredentialVerdict?
    /// Things worth knowing even when the credentials work (a clock close to the limit, an account that cannot trade).
    public var warnings: [String]

    /// Whether the verdict is `works`.
    public var works: Bool { verdict == .works }

    /// Creates a report.
    public init(
        verdict: CredentialVerdict,
        summary: String,
        fix: String?,
        baseURL: String,
        apiKeyPrefix: String,
        clock: VenueClockReading?,
        recvWindowMilliseconds: Int64,
        httpStatus: Int? = nil,
        venueCode: Int? = nil,
        venueMessage: String? = nil,
        account: VenueAccountSummary? = nil,
        verdictWithVenueTime: CredentialVerdict? = nil,
        warnings: [String] = []
    ) {
        self.verdict = verdict
        self.summary = summary
        self.fix = fix
        self.baseURL = baseURL
        self.apiKeyPrefix = apiKeyPrefix
        self.clock = clock
        self.recvWindowMilliseconds = recvWindowMilliseconds
        self.httpStatus = httpStatus
        self.venueCode = venueCode
        self.venueMessage = venueMessage
        self.account = account
        self.verdictWithVenueTime = verdictWithVenueTime
        self.warnings = warnings
    }

    /// At most a quarter of the key, and never more than four characters, then `…`: enough to tell keys apart.
    public static func prefix(ofAPIKey key: String) -> String {
        String(key.prefix(min(4, key.count / 4))) + "…"
    }
}

/// The venue's clock against this machine's, measured around one `GET /api/v3/time`.
public struct VenueClockReading: Sendable, Hashable, CustomStringConvertible {
    /// The venue's time minus this machine's, in milliseconds: positive when the venue is ahead.
    public var offsetMilliseconds: Int64
    /// How long the time request took there and back; the offset is uncertain by about half of it.
    public var roundTripMilliseconds: Int64

    /// Creates a reading.
    public init(offsetMilliseconds: Int64, roundTripMilliseconds: Int64) {
        self.offsetMilliseconds = offsetMilliseconds
        self.roundTripMilliseconds = roundTripMilliseconds
    }

    /// Which side is ahead, and by how much: `the venue's clock is 30012 ms ahead of this machine's`.
    public var description: String {
        if offsetMilliseconds == 0 { return "the venue's clock and this machine's agree to the millisecond" }
        let (ahead, behind) =
            offsetMilliseconds > 0 ? ("the venue's", "this machine's") : ("this machine's", "the venue's")
        return "\(ahead) clock is \(offsetMilliseconds.magnitude) ms ahead of \(behind)"
    }

    /// Whether Binance would refuse a request stamped with this machine's clock: stamped 1000 ms or more ahead of
    /// the venue's clock, or more than `recvWindow` behind it.
    public func isRefused(recvWindowMilliseconds: Int64) -> Bool {
        offsetMilliseconds <= -1000 || offsetMilliseconds > recvWindowMilliseconds
    }

    /// Whether the offset has used up more than half of what the venue tolerates in its direction.
    public func isNearTheLimit(recvWindowMilliseconds: Int64) -> Bool {
        offsetMilliseconds <= -500 || offsetMilliseconds > recvWindowMilliseconds / 2
    }
}

/// What the venue says about the account a key reads; balances are left out on purpose.
public struct VenueAccountSummary: Sendable, Hashable {
    /// `SPOT`, `MARGIN`…
    public var accountType: String?
    /// Whether the account may place orders.
    public var canTrade: Bool?
    /// Whether the account may withdraw.
    public var canWithdraw: Bool?
    /// Whether the account may deposit.
    public var canDeposit: Bool?
    /// The venue's permission names (`SPOT`).
    public var permissions: [String]

    /// Creates a summary.
    public init(
        accountType: String?,
        canTrade: Bool?,
        canWithdraw: Bool?,
        canDeposit: Bool?,
        permissions: [String]
    ) {
        self.accountType = accountType
        self.canTrade = canTrade
        self.canWithdraw = canWithdraw
        self.canDeposit = canDeposit
        self.permissions = permissions
    }
}

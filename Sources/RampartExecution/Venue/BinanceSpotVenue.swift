public import AsyncHTTPClient
import NIOCore
import NIOHTTP1
public import RampartCrypto
public import RampartRules

/// A Binance-compatible spot REST venue (`/api/v3/order`), signed with HMAC-SHA256; the base URL selects
/// production or a testnet.
///
/// Every call is signed: the parameters (with `timestamp` and `recvWindow`) form the query string (GET, DELETE)
/// or the form body (POST), and `signature` is the lowercase hex HMAC-SHA256 of exactly that text under the
/// secret; the API key goes in the `X-MBX-APIKEY` header. Limit orders are sent `timeInForce=IOC` with
/// `newOrderRespType=FULL`, so the placement answer is final and carries the fills. The `HTTPClient` is the
/// caller's; configure it with `redirectConfiguration: .disallow` so a redirect can never resend an order.
public struct BinanceSpotVenue: Venue {
    /// The API root, such as `https://api.binance.com` or `https://testnet.binance.vision`.
    public let baseURL: String
    private let credentials: VenueCredentials
    private let httpClient: HTTPClient
    private let clock: @Sendable () -> Timestamp
    /// The `recvWindow` sent with every request: how long after `timestamp` the venue still accepts it.
    public let recvWindow: Duration
    /// How long one HTTP call may take before its outcome is unknown.
    public let timeout: Duration
    /// The venue's own name of a `BASE/QUOTE` symbol, as its `exchangeInfo` lists it (the gate's market data);
    /// nil when unknown, and then the name is `BASE` + `QUOTE` (`venueSymbol(_:)`).
    private let listedName: @Sendable (String) -> String?

    /// Largest response body read; Binance order answers are a few kilobytes.
    private static let maximumBodyBytes = 1 << 20

    /// Creates a venue at `baseURL` (no trailing slash needed) signing with `credentials`.
    public init(
        baseURL: String,
        credentials: VenueCredentials,
        httpClient: HTTPClient,
        clock: @escaping @Sendable () -> Timestamp = Timestamp.now,
        recvWindow: Duration = .seconds(5),
        timeout: Duration = .seconds(10),
        listedName: @escaping @Sendable (String) -> String? = { _ in nil }
    ) {
        self.listedName = listedName
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.credentials = credentials
        self.httpClient = httpClient
        self.clock = clock
        self.recvWindow = recvWindow
        self.timeout = timeout
    }

    public var lateArrivalWindow: Duration { recvWindow }

    /// Binance's market name: `BTC/USDT` → `BTCUSDT`.
    public static func venueSymbol(_ symbol: String) throws(VenueError) -> String {
        let parts = symbol.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(Self.isAlphanumeric) }) else {
            throw .notSent("symbol '\(symbol)' is not BASE/QUOTE with letters and digits")
        }
        return parts.joined().uppercased()
    }

    /// The market name orders in `symbol` are sent under: the venue's listed name when the market data knows it
    /// (a venue symbol need not be base + quote), else `venueSymbol(_:)`.
    public func market(for symbol: String) throws(VenueError) -> String {
        if let listed = listedName(symbol) { return listed }
        return try Self.venueSymbol(symbol)
    }

    public func place(_ request: VenueOrderRequest) async -> Result<VenueOrderStatus, VenueError> {
        let parameters: [(String, String)]
        do { parameters = try Self.placeParameters(request, market: try market(for: request.symbol)) } catch {
            return .failure(error)
        }
        return await exchange(.POST, parameters).flatMap { status, body in
            Result { () throws(VenueError) in
                try Self.orderStatus(httpStatus: status, body: body, clientOrderID: request.clientOrderID)
            }
        }
    }

    /// The order parameters of a placement, before `recvWindow`, `timestamp` and `signature`.
    static func placeParameters(_ request: VenueOrderRequest, market: String) throws(VenueError) -> [(String, String)] {
        guard !request.clientOrderID.isEmpty else { throw .notSent("an order needs a client order id") }
        var parameters: [(String, String)] = [
            ("symbol", market),
            ("side", request.side == .buy ? "BUY" : "SELL"),
            ("type", request.type == .market ? "MARKET" : "LIMIT"),
        ]
        if request.type == .limit {
            guard let price = request.price else { throw .notSent("a limit order needs a price") }
            parameters.append(("timeInForce", "IOC"))
            parameters.append(("price", price.description))
        }
        parameters.append(("quantity", request.quantity.description))
        parameters.append(("newClientOrderId", request.clientOrderID))
        parameters.append(("newOrderRespType", "FULL"))
        return parameters
    }

    public func status(clientOrderID: String, symbol: String) async -> Result<VenueOrderStatus?, VenueError> {
        let market: String
        do { market = try self.market(for: symbol) } catch { return .failure(error) }
        return await exchange(.GET, [("symbol", market), ("origClientOrderId", clientOrderID)]).flatMap {
            status,
            body in
            if let error = BinanceAnswer.error(httpStatus: status, body: body),
                error.code == BinanceAnswer.orderDoesNotExist
            {
                return .success(nil)
            }
            return Result { () throws(VenueError) in
                try Self.orderStatus(httpStatus: status, body: body, clientOrderID: clientOrderID)
            }
        }
    }

    public func cancel(clientOrderID: String, symbol: String) async -> Result<VenueOrderStatus, VenueError> {
        let market: String
        do { market = try self.market(for: symbol) } catch { return .failure(error) }
        return await exchange(.DELETE, [("symbol", market), ("origClientOrderId", clientOrderID)]).flatMap {
            status,
            body in
            Result { () throws(VenueError) in
                try Self.orderStatus(httpStatus: status, body: body, clientOrderID: clientOrderID)
            }
        }
    }

    /// The order status in a 2xx answer, or the error the answer stands for.
    private static func orderStatus(
        httpStatus: Int,
        body: [UInt8],
        clientOrderID: String
    ) throws(VenueError)
        -> VenueOrderStatus
    {
        guard (200..<300).contains(httpStatus) else { throw BinanceAnswer.failure(httpStatus: httpStatus, body: body) }
        return try BinanceAnswer.orderStatus(body, expectedClientOrderID: clientOrderID)
    }

    /// Signs `parameters` (adding `recvWindow` and `timestamp`) and sends them; the answer's status and body.
    private func exchange(
        _ method: HTTPMethod,
        _ parameters: [(String, String)]
    ) async -> Result<(Int, [UInt8]), VenueError> {
        var parameters = parameters
        parameters.append(("recvWindow", String(Self.milliseconds(recvWindow))))
        parameters.append(("timestamp", String(clock().nanoseconds / 1_000_000)))
        let payload = Self.signedPayload(parameters, secret: credentials.secret)
        var request = HTTPClientRequest(url: baseURL + "/api/v3/order" + (method == .POST ? "" : "?" + payload))
        request.method = method
        request.headers.add(name: "X-MBX-APIKEY", value: credentials.apiKey)
        if method == .POST {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: payload))
        }
        do {
            let response = try await httpClient.execute(request, timeout: .nanoseconds(Self.nanoseconds(timeout)))
            let body = try await response.body.collect(upTo: Self.maximumBodyBytes)
            return .success((Int(response.status.code), Array(body.readableBytesView)))
        } catch {
            return .failure(.unknownOutcome("\(method) /api/v3/order: \(error)"))
        }
    }

    /// `k=v&…&signature=hex`, values percent-encoded, the signature over everything before `&signature=`.
    static func signedPayload(_ parameters: [(String, String)], secret: String) -> String {
        let query = parameters.map { "\($0.0)=\(percentEncoded($0.1))" }.joined(separator: "&")
        return query + "&signature=" + HMACSHA256.hexAuthenticationCode(for: query, key: secret)
    }

    /// RFC 3986 percent-encoding of everything but unreserved characters.
    static func percentEncoded(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            if isAlphanumeric(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
                || byte == UInt8(ascii: "_")
                || byte == UInt8(ascii: "~")
            {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                result.unicodeScalars.append("%")
                result.unicodeScalars.append(hex[Int(byte >> 4)])
                result.unicodeScalars.append(hex[Int(byte & 15)])
            }
        }
        return result
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
    }

    static func milliseconds(_ duration: Duration) -> Int64 { nanoseconds(duration) / 1_000_000 }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}

import AsyncHTTPClient
import NIOCore
import NIOHTTP1

extension PriceFeed {
    /// `GET baseURL + target` within `timeout` (from sending to the last body byte): the body of a 200 answer, or
    /// the failure, classified for the counts.
    func get(_ target: String, timeout: Duration, maximumBytes: Int) async -> Result<[UInt8], MarketDataFailure> {
        let name = "GET " + (target.split(separator: "?", maxSplits: 1).first.map(String.init) ?? target)
        let client = httpClient
        let url = options.baseURL + target
        let answer: (status: Int, body: [UInt8])?
        do {
            answer = try await withThrowingTaskGroup(of: (status: Int, body: [UInt8])?.self) { group in
                group.addTask {
                    var request = HTTPClientRequest(url: url)
                    request.method = .GET
                    request.headers.add(name: "Accept", value: "application/json")
                    let response = try await client.execute(request, timeout: TimeAmount(timeout))
                    let body = try await response.body.collect(upTo: maximumBytes)
                    return (Int(response.status.code), Array(body.readableBytesView))
                }
                // The client's deadline ends when the head arrives; this one also covers a body that trickles. It
                // fires a moment later, so that a request the client fails at its deadline keeps the client's reason.
                group.addTask {
                    try await Task.sleep(for: timeout + Self.deadlineGrace)
                    return nil
                }
                defer { group.cancelAll() }
                return try await group.next() ?? nil
            }
        } catch let error as HTTPClientError where Self.timeouts.contains(error) {
            return .failure(
                MarketDataFailure(kind: .timeout, message: "\(name): no answer within \(timeout) (\(error))")
            )
        } catch is NIOTooManyBytesError {
            return .failure(
                MarketDataFailure(kind: .malformed, message: "\(name): answer larger than \(maximumBytes) bytes")
            )
        } catch {
            return .failure(MarketDataFailure(kind: .unreachable, message: "\(name): \(error)"))
        }
        guard let answer else {
            return .failure(MarketDataFailure(kind: .timeout, message: "\(name): no answer within \(timeout)"))
        }
        guard answer.status == 200 else {
            let excerpt = String(decoding: answer.body.prefix(200), as: UTF8.self)
            return .failure(
                MarketDataFailure(
                    kind: .httpStatus,
                    message: "\(name): HTTP \(answer.status): \(excerpt)",
                    code: BinanceMarketData.errorCode(answer.body)
                )
            )
        }
        return .success(answer.body)
    }

    /// How long after `timeout` the feed's own deadline ends a request the client's has not.
    static let deadlineGrace = Duration.milliseconds(100)

    /// The client errors that mean "too slow" rather than "unreachable".
    private static let timeouts: [HTTPClientError] = [
        .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .getConnectionFromPoolTimeout,
        .tlsHandshakeTimeout,
    ]
}

import RampartJSON
import RampartRules

/// Reading Binance spot answers: order JSON into `VenueOrderStatus`, error JSON into `VenueError`.
///
/// Numbers go through `JSONValue.decimal()`, so prices and quantities never pass through `Double`.
enum BinanceAnswer {
    /// `-2013 Order does not exist.`: the venue has no order under that id.
    static let orderDoesNotExist = -2013
    /// `-1006`/`-1007`: the venue itself does not know whether the order executed.
    static let unknownExecutionCodes: Set<Int> = [-1006, -1007]

    /// A Binance error body `{code, msg}` on a non-2xx answer, if the body is one.
    static func error(httpStatus: Int, body: [UInt8]) -> (code: Int, message: String)? {
        guard !(200..<300).contains(httpStatus), let json = try? JSONParser.parse(body),
            case .number(let codeText)? = json["code"], let code = Int(codeText)
        else { return nil }
        return (code, json["msg"]?.stringValue ?? "")
    }

    /// The `VenueError` a non-2xx answer stands for: 4xx is a definite rejection, except Binance's
    /// "execution status unknown" codes; 5xx and anything else is an unknown outcome.
    static func failure(httpStatus: Int, body: [UInt8]) -> VenueError {
        let error = error(httpStatus: httpStatus, body: body)
        if let error, unknownExecutionCodes.contains(error.code) {
            return .unknownOutcome("venue says execution status unknown (code \(error.code)): \(error.message)")
        }
        if (400..<500).contains(httpStatus) {
            let message = error?.message ?? String(decoding: body.prefix(200), as: UTF8.self)
            return .rejected(httpStatus: httpStatus, code: error?.code, message: message)
        }
        return .unknownOutcome("HTTP \(httpStatus): \(String(decoding: body.prefix(200), as: UTF8.self))")
    }

    /// Parses an order answer (`POST`, `GET` or `DELETE /api/v3/order`); an unreadable one is an unknown outcome.
    static func orderStatus(_ body: [UInt8], expectedClientOrderID: String) throws(VenueError) -> VenueOrderStatus {
        let json: JSONValue
        do { json = try JSONParser.parse(body) } catch { throw .unknownOutcome("unreadable order answer: \(error)") }
        // A cancel answer names the cancel request as `clientOrderId` and the order as `origClientOrderId`.
        let clientOrderID = json["origClientOrderId"]?.stringValue ?? json["clientOrderId"]?.stringValue
        guard clientOrderID == expectedClientOrderID else {
            throw .unknownOutcome(
                "order answer names client order id \(clientOrderID ?? "none"), expected \(expectedClientOrderID)"
            )
        }
        guard let stateText = json["status"]?.stringValue, let state = VenueOrderState(rawValue: stateText) else {
            throw .unknownOutcome("order answer has no known status (\(json["status"]?.kind ?? "missing"))")
        }
        var venueOrderID: String?
        switch json["orderId"] {
        case .number(let text)?, .string(let text)?: venueOrderID = text
        default: venueOrderID = nil
        }
        let executed = try decimal(json["executedQty"], "executedQty")
        let quote = try decimal(json["cummulativeQuoteQty"], "cummulativeQuoteQty")
        var fills: [VenueFill] = []
        for (index, fill) in (json["fills"]?.arrayValue ?? []).enumerated() {
            guard let asset = fill["commissionAsset"]?.stringValue else {
                throw .unknownOutcome("fills[\(index)] has no commissionAsset")
            }
            fills.append(
                VenueFill(
                    price: try decimal(fill["price"], "fills[\(index)].price"),
                    quantity: try decimal(fill["qty"], "fills[\(index)].qty"),
                    commission: try decimal(fill["commission"], "fills[\(index)].commission"),
                    commissionAsset: asset
                )
            )
        }
        return VenueOrderStatus(
            clientOrderID: expectedClientOrderID,
            venueOrderID: venueOrderID,
            state: state,
            executedQuantity: executed,
            cumulativeQuoteQuantity: quote,
            fills: fills
        )
    }

    private static func decimal(_ value: JSONValue?, _ name: String) throws(VenueError) -> FixedDecimal {
        guard let value else { throw .unknownOutcome("order answer has no \(name)") }
        do {
            let (decimal, _) = try value.decimal()
            return decimal
        } catch {
            throw .unknownOutcome("order answer's \(name): \(error)")
        }
    }
}

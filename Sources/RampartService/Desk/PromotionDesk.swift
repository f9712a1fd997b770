/// Paper → live promotion requests and their confirmation; no implementation is plugged in yet, so the
/// routes answer 503 until one is.
public protocol PromotionDesk: Sendable {
    /// Asks to promote `bot`; the answer is the request to confirm (JSON object members).
    func requestPromotion(
        bot: String,
        requestedBy: String
    ) async throws(PromotionError) -> [(key: String, value: String)]
    /// Confirms a pending promotion of `bot` with the request's nonce and the typed phrase `I UNDERSTAND`.
    func confirmPromotion(
        bot: String,
        nonce: String,
        phrase: String,
        confirmedBy: String
    ) async throws(PromotionError)
        -> [(key: String, value: String)]
}

/// Why a promotion step failed.
public struct PromotionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// HTTP status to answer with (409 not eligible, 404 no pending request…).
    public var status: Int
    /// Machine-readable code.
    public var code: String
    /// What went wrong.
    public var message: String

    /// Creates an error.
    public init(status: Int, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

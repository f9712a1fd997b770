public import RampartJSON

/// An error answer: `{"error": {"code", "message", "details"}}` with its HTTP status.
public struct APIError: Error, Sendable {
    /// HTTP status code.
    public var status: Int
    /// Machine-readable code (`bad_json`, `forbidden`, `profile_invalid`…).
    public var code: String
    /// What went wrong, for humans.
    public var message: String
    /// Extra detail (`{"key": "quantity"}`, diagnostics), or null.
    public var details: JSONValue
    /// Seconds for a `Retry-After` header (429 answers), or nil.
    public var retryAfter: Int? = nil

    /// Creates an error.
    public init(_ status: Int, _ code: String, _ message: String, details: JSONValue = .null) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
    }

    /// The JSON body.
    public var json: JSONValue {
        .object([
            JSONMember(
                "error",
                .object([
                    JSONMember("code", .string(code)),
                    JSONMember("message", .string(message)),
                    JSONMember("details", details),
                ])
            )
        ])
    }

    static func badRequest(_ message: String, key: String? = nil) -> APIError {
        APIError(400, "bad_request", message, details: key.map { .object([JSONMember("key", .string($0))]) } ?? .null)
    }
}

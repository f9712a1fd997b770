/// A venue's decrypted API key and secret; `description` never shows them.
public struct VenueCredentials: Sendable, Hashable, CustomStringConvertible {
    /// The venue API key.
    public var apiKey: String
    /// The venue secret.
    public var secret: String

    /// Creates credentials.
    public init(apiKey: String, secret: String) {
        self.apiKey = apiKey
        self.secret = secret
    }

    /// Redacted.
    public var description: String { "VenueCredentials(redacted)" }
}

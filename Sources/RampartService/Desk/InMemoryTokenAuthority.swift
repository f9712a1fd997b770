/// A `TokenAuthority` in memory that keeps only digests of the tokens, never the tokens.
///
/// The digest is the caller's: the CLI passes keyed HMAC-SHA256 from `RampartCrypto` (this module has no crypto
/// dependency). Lookups compare every stored digest in constant time, so timing does not reveal a near match.
public struct InMemoryTokenAuthority: TokenAuthority {
    private struct Entry: Sendable {
        var name: String
        var role: Role
        var digest: [UInt8]
    }

    private let entries: [Entry]
    private let digest: @Sendable ([UInt8]) -> [UInt8]

    /// Creates the authority from `(name, role, token)` triples; the tokens are digested at once and dropped.
    public init(tokens: [(name: String, role: Role, token: String)], digest: @escaping @Sendable ([UInt8]) -> [UInt8]) {
        self.digest = digest
        self.entries = tokens.map { Entry(name: $0.name, role: $0.role, digest: digest(Array($0.token.utf8))) }
    }

    /// Checks `token` against every stored digest without an early exit.
    public func authenticate(_ token: String) -> (name: String, role: Role)? {
        let candidate = digest(Array(token.utf8))
        var found: Entry?
        for entry in entries where Self.constantTimeEqual(entry.digest, candidate) {
            found = entry
        }
        return found.map { ($0.name, $0.role) }
    }

    private static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}

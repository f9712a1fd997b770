import COpenSSL

/// SHA-256 through the system OpenSSL.
public enum SHA256Digest {
    /// The 32-byte digest of `bytes`. A digest OpenSSL cannot compute stops the process: a zero digest returned
    /// instead would match every other failed one (tokens are looked up by digest).
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        // A literal, not `[UInt8](repeating: 0, count: 32)`: that one looks up the array's storage class at run time
        // (about 450 instructions of a token's digest, on every request).
        var output: [UInt8] = [
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ]
        var length: UInt32 = 0
        let status = bytes.withUnsafeBytes { input in
            output.withUnsafeMutableBufferPointer { out in
                EVP_Digest(input.baseAddress, input.count, out.baseAddress, &length, FetchedDigest.sha256.pointer, nil)
            }
        }
        precondition(status == 1 && length == 32, "OpenSSL could not compute a SHA-256 digest")
        return output
    }
}

/// A message digest algorithm fetched from OpenSSL's default provider once, for the life of the process.
final class FetchedDigest: @unchecked Sendable {
    /// SHA-256, fetched once: with `EVP_sha256()` every digest fetches it from the provider again (about a third of
    /// a short digest's cost; tokens are digested on every request).
    static let sha256 = FetchedDigest(name: "SHA256")

    /// Never freed, and immutable once fetched: OpenSSL's fetched algorithms may be shared across threads.
    let pointer: OpaquePointer

    init(name: String) {
        guard let fetched = EVP_MD_fetch(nil, name, nil) else {
            preconditionFailure("OpenSSL has no \(name) digest (EVP_MD_fetch failed)")
        }
        pointer = fetched
    }
}

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
        let context = DigestContexts.shared.current
        let status = bytes.withUnsafeBytes { input in
            output.withUnsafeMutableBufferPointer { out in
                EVP_DigestInit_ex2(context, FetchedDigest.sha256.pointer, nil) == 1
                    && EVP_DigestUpdate(context, input.baseAddress, input.count) == 1
                    && EVP_DigestFinal_ex(context, out.baseAddress, &length) == 1
            }
        }
        precondition(status && length == 32, "OpenSSL could not compute a SHA-256 digest")
        return output
    }
}

/// Each thread's digest context, made on its first digest and kept until the thread ends: `EVP_Digest` makes and frees
/// one per call (about 450 instructions of a token's digest). One context per thread, so no digest waits for another.
final class DigestContexts: @unchecked Sendable {
    static let shared = DigestContexts()

    /// OpenSSL's thread-local slot (a pthread key), at a fixed address as its functions take a pointer to it.
    private let key: UnsafeMutablePointer<CRYPTO_THREAD_LOCAL>

    private init() {
        key = .allocate(capacity: 1)
        key.initialize(to: CRYPTO_THREAD_LOCAL())
        // The context is freed when its thread ends.
        guard CRYPTO_THREAD_init_local(key, { EVP_MD_CTX_free(OpaquePointer($0)) }) == 1 else {
            preconditionFailure("OpenSSL could not make a thread-local slot (CRYPTO_THREAD_init_local failed)")
        }
    }

    /// This thread's context; a digest sets it up afresh with `EVP_DigestInit_ex2`.
    var current: OpaquePointer {
        if let context = CRYPTO_THREAD_get_local(key) { return OpaquePointer(context) }
        guard let context = EVP_MD_CTX_new(), CRYPTO_THREAD_set_local(key, UnsafeMutableRawPointer(context)) == 1 else {
            preconditionFailure("OpenSSL could not make a digest context")
        }
        return context
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

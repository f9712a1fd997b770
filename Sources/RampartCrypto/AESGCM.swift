import COpenSSL

/// AES-256-GCM authenticated encryption through the system OpenSSL (credentials at rest).
public enum AESGCM {
    /// A sealed message: 12-byte nonce, ciphertext, 16-byte tag.
    public struct SealedBox: Sendable, Hashable {
        /// The random nonce used.
        public var nonce: [UInt8]
        /// The encrypted bytes.
        public var ciphertext: [UInt8]
        /// The authentication tag.
        public var tag: [UInt8]

        /// Creates a box from its parts.
        public init(nonce: [UInt8], ciphertext: [UInt8], tag: [UInt8]) {
            self.nonce = nonce
            self.ciphertext = ciphertext
            self.tag = tag
        }
    }

    /// Why sealing or opening failed.
    public enum Failure: Error, Sendable, Hashable {
        /// The key is not 32 bytes.
        case invalidKey
        /// The random generator or the cipher failed.
        case cryptoFailure
        /// The ciphertext, tag, nonce or associated data do not match: tampered or wrong key.
        case authenticationFailed
    }

    /// Encrypts `plaintext` under a 32-byte `key`, binding `associatedData` (e.g. venue and row).
    public static func seal(_ plaintext: [UInt8], key: [UInt8], associatedData: [UInt8]) throws(Failure) -> SealedBox {
        guard key.count == 32 else { throw .invalidKey }
        guard let nonce = SecureRandom.bytes(12) else { throw .cryptoFailure }
        guard let context = EVP_CIPHER_CTX_new() else { throw .cryptoFailure }
        defer { EVP_CIPHER_CTX_free(context) }
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count + 16)
        var tag = [UInt8](repeating: 0, count: 16)
        var length: Int32 = 0
        var total: Int32 = 0
        guard EVP_EncryptInit_ex(context, EVP_aes_256_gcm(), nil, nil, nil) == 1,
            rampart_gcm_set_iv_length(context, 12) == 1,
            EVP_EncryptInit_ex(context, nil, nil, key, nonce) == 1
        else { throw .cryptoFailure }
        if !associatedData.isEmpty {
            guard EVP_EncryptUpdate(context, nil, &length, associatedData, Int32(associatedData.count)) == 1 else {
                throw .cryptoFailure
            }
        }
        let updated = ciphertext.withUnsafeMutableBufferPointer { out in
            EVP_EncryptUpdate(context, out.baseAddress, &length, plaintext, Int32(plaintext.count))
        }
        guard updated == 1 else { throw .cryptoFailure }
        total = length
        let finished = ciphertext.withUnsafeMutableBufferPointer { out in
            EVP_EncryptFinal_ex(context, out.baseAddress! + Int(total), &length)
        }
        guard finished == 1 else { throw .cryptoFailure }
        total += length
        guard tag.withUnsafeMutableBufferPointer({ rampart_gcm_get_tag(context, $0.baseAddress, 16) }) == 1 else {
            throw .cryptoFailure
        }
        return SealedBox(nonce: nonce, ciphertext: Array(ciphertext[0..<Int(total)]), tag: tag)
    }

    /// Decrypts and authenticates a box; any change to it or to `associatedData` fails.
    public static func open(_ box: SealedBox, key: [UInt8], associatedData: [UInt8]) throws(Failure) -> [UInt8] {
        guard key.count == 32 else { throw .invalidKey }
        guard box.nonce.count == 12, box.tag.count == 16 else { throw .authenticationFailed }
        guard let context = EVP_CIPHER_CTX_new() else { throw .cryptoFailure }
        defer { EVP_CIPHER_CTX_free(context) }
        var plaintext = [UInt8](repeating: 0, count: box.ciphertext.count + 16)
        var length: Int32 = 0
        var total: Int32 = 0
        guard EVP_DecryptInit_ex(context, EVP_aes_256_gcm(), nil, nil, nil) == 1,
            rampart_gcm_set_iv_length(context, 12) == 1,
            EVP_DecryptInit_ex(context, nil, nil, key, box.nonce) == 1
        else { throw .cryptoFailure }
        if !associatedData.isEmpty {
            guard EVP_DecryptUpdate(context, nil, &length, associatedData, Int32(associatedData.count)) == 1 else {
                throw .cryptoFailure
            }
        }
        let updated = plaintext.withUnsafeMutableBufferPointer { out in
            EVP_DecryptUpdate(context, out.baseAddress, &length, box.ciphertext, Int32(box.ciphertext.count))
        }
        guard updated == 1 else { throw .authenticationFailed }
        total = length
        var tag = box.tag
        guard tag.withUnsafeMutableBufferPointer({ rampart_gcm_set_tag(context, $0.baseAddress, 16) }) == 1 else {
            throw .cryptoFailure
        }
        let finished = plaintext.withUnsafeMutableBufferPointer { out in
            EVP_DecryptFinal_ex(context, out.baseAddress! + Int(total), &length)
        }
        guard finished == 1 else { throw .authenticationFailed }
        total += length
        return Array(plaintext[0..<Int(total)])
    }
}

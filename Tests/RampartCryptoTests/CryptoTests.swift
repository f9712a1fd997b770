import RampartCrypto
import Testing

@Suite struct CryptoTests {
    @Test func hmacMatchesRFC4231TestCase2() {
        let code = HMACSHA256.hexAuthenticationCode(for: "what do ya want for nothing?", key: "Jefe")
        #expect(code == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func binanceSignatureExampleMatches() {
        // The example from Binance's API documentation (SIGNED endpoint, HMAC SHA256).
        let query =
            "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559"
        let secret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
        #expect(
            HMACSHA256.hexAuthenticationCode(for: query, key: secret)
                == "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71"
        )
    }

    @Test func sha256OfABC() {
        #expect(
            Hex.encode(SHA256Digest.hash(Array("abc".utf8)))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        )
    }

    /// FIPS 180-2's vectors, each digested twice in a row: the thread's context is reused from one digest to the next.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        (
            String(repeating: "a", count: 1_000_000),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        ),
    ])
    func sha256MatchesKnownVectors(text: String, digest: String) {
        #expect(Hex.encode(SHA256Digest.hash(Array(text.utf8))) == digest)
        #expect(Hex.encode(SHA256Digest.hash(Array(text.utf8))) == digest)
    }

    @Test func sha256IsTheSameOnEveryThread() async {
        let expected = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        let digests = await withTaskGroup(of: [String].self) { group in
            for _ in 0..<8 {
                group.addTask { (0..<200).map { _ in Hex.encode(SHA256Digest.hash(Array("abc".utf8))) } }
            }
            return await group.reduce(into: [String]()) { $0 += $1 }
        }
        #expect(digests.count == 1600)
        #expect(digests.allSatisfy { $0 == expected })
    }

    @Test func aesGCMRoundTripsAndRejectsAnyChange() throws {
        let key = try #require(SecureRandom.bytes(32))
        let box = try AESGCM.seal(Array("api-secret".utf8), key: key, associatedData: Array("binance:1".utf8))
        #expect(box.ciphertext != Array("api-secret".utf8))
        #expect(try AESGCM.open(box, key: key, associatedData: Array("binance:1".utf8)) == Array("api-secret".utf8))
        var flipped = box
        flipped.ciphertext[0] ^= 1
        #expect(throws: AESGCM.Failure.authenticationFailed) {
            try AESGCM.open(flipped, key: key, associatedData: Array("binance:1".utf8))
        }
        #expect(throws: AESGCM.Failure.authenticationFailed) {
            try AESGCM.open(box, key: key, associatedData: Array("binance:2".utf8))
        }
        var badTag = box
        badTag.tag[15] ^= 0x80
        #expect(throws: AESGCM.Failure.authenticationFailed) {
            try AESGCM.open(badTag, key: key, associatedData: Array("binance:1".utf8))
        }
    }

    @Test func constantTimeEqualityAndHex() {
        #expect(ConstantTime.equals([1, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.equals([1, 2], [1, 2, 3]))
        #expect(Hex.decode("00ff7f") == [0, 255, 127])
        #expect(Hex.decode("0g") == nil)
    }
}

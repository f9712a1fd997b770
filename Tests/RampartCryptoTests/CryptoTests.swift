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

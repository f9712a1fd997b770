import RampartStore
import Testing

/// Production mode refuses a master or dedicated audit key whose bytes are a pattern rather than random.
@Suite struct KeyStrengthTests {
    @Test(arguments: [UInt8(0x00), 0xff, 0x5a])
    func aKeyOfOneRepeatedByteIsWeak(byte: UInt8) throws {
        let key = try MasterKey(bytes: Array(repeating: byte, count: 32))
        let hex = String(byte, radix: 16)
        #expect(key.weakness == "all 32 bytes are 0x\(hex.count == 1 ? "0" + hex : hex)")
        #expect(try AuditKey(bytes: Array(repeating: byte, count: 32)).weakness != nil)
    }

    @Test func aShortRepeatedPatternIsWeak() throws {
        // 01 23 45 67 89 ab cd ef, four times: what a hand-typed "0123456789abcdef…" hex key gives.
        let pattern: [UInt8] = [0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef]
        let key = try MasterKey(bytes: Array([[UInt8]](repeating: pattern, count: 4).joined()))
        #expect(key.weakness?.hasPrefix("only 8 distinct byte values in 32 bytes") == true)
    }

    @Test func distinctBytesAndDerivedAuditKeysAreNotWeak() throws {
        let key = try MasterKey(bytes: (0..<32).map { UInt8($0 * 7 + 3) })
        #expect(key.weakness == nil)
        // A derived audit key is HMAC output: never reported, whatever the master key.
        let zero = try MasterKey(bytes: Array(repeating: 0, count: 32))
        #expect(AuditKey.derived(from: zero).weakness == nil)
    }
}

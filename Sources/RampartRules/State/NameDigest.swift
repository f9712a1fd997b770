/// A fast 64-bit digest of a bot and symbol name pair, keyed with a random per-process seed: what a position's
/// dictionary key hashes instead of both strings byte by byte through SipHash (the largest single cost of a
/// decision: about 560 of its ~6,500 instructions went to hashing and finding the position).
///
/// Each 8-byte word of the UTF-8 bytes is folded in with a multiply-xorshift step (the mixing of wyhash/murmur
/// finalizers), the bot's length separates the two names (`("ab", "c")` and `("a", "bc")` differ), and the result
/// is still fed to the dictionary's own seeded `Hasher`. The seed keeps collisions unguessable from outside; names
/// are bounded anyway (64 bytes of a small alphabet, `limits.max_bots` per account, per-token request rates).
enum NameDigest {
    /// Random per process, like Swift's own hashing seed.
    static let seed = UInt64.random(in: 1...UInt64.max)

    private static let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// The digest of `bot` then `symbol`.
    @inline(__always) static func of(bot: String, symbol: String) -> UInt64 {
        var state = seed ^ UInt64(truncatingIfNeeded: bot.utf8.count) &* multiplier
        state = fold(bot, into: state)
        state = fold(symbol, into: state &+ 0xFF)
        return finalize(state)
    }

    @inline(__always) private static func fold(_ text: String, into start: UInt64) -> UInt64 {
        // Native and small strings (every string on Linux) are contiguous; any other is folded byte by byte.
        if let folded = text.utf8.withContiguousStorageIfAvailable({ fold(bytes: $0, into: start) }) { return folded }
        return Array(text.utf8).withUnsafeBufferPointer { fold(bytes: $0, into: start) }
    }

    @inline(__always) private static func fold(bytes: UnsafeBufferPointer<UInt8>, into start: UInt64) -> UInt64 {
        var state = start
        var index = 0
        let count = bytes.count
        guard let base = bytes.baseAddress else { return mix(state) }
        while index + 8 <= count {
            state = mix(state ^ UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            index += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while index < count {
            tail |= UInt64(base[index]) << shift
            shift += 8
            index += 1
        }
        return mix(state ^ tail ^ (UInt64(truncatingIfNeeded: count) << 56))
    }

    @inline(__always) private static func mix(_ value: UInt64) -> UInt64 {
        let product = value.multipliedFullWidth(by: multiplier)
        return product.high ^ product.low
    }

    @inline(__always) private static func finalize(_ value: UInt64) -> UInt64 {
        var state = value
        state ^= state >> 33
        state = state &* 0xFF51_AFD7_ED55_8CCD
        state ^= state >> 33
        return state
    }
}

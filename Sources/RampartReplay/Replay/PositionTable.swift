/// Position ids by bot and symbol id: an open-addressing table of 64-bit keys, at most half full, so finding a
/// fill's position is a multiply and usually one probe.
struct PositionTable {
    /// `UInt64.max` marks an empty slot (ids are non-negative `Int32`s, so no key is all ones).
    private var keys: [UInt64] = Array(repeating: .max, count: 64)
    private var positions: [Int32] = Array(repeating: -1, count: 64)
    private var count = 0

    /// The key of a bot and symbol id pair.
    @inline(__always)
    static func key(bot: Int32, symbol: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: bot)) << 32 | UInt64(UInt32(bitPattern: symbol))
    }

    /// The position stored under `key`, if any.
    @inline(__always)
    func find(_ key: UInt64) -> Int32? {
        let mask = keys.count - 1
        var slot = Self.slot(key) & mask
        while true {
            let stored = keys[slot]
            if stored == key { return positions[slot] }
            if stored == .max { return nil }
            slot = (slot + 1) & mask
        }
    }

    /// Stores `position` under `key`, which is not stored yet.
    mutating func insert(_ key: UInt64, position: Int32) {
        if (count + 1) * 2 > keys.count {
            let old = (keys, positions)
            keys = Array(repeating: .max, count: keys.count * 2)
            positions = Array(repeating: -1, count: keys.count)
            for index in old.0.indices where old.0[index] != .max { place(old.0[index], old.1[index]) }
        }
        place(key, position)
        count += 1
    }

    private mutating func place(_ key: UInt64, _ position: Int32) {
        let mask = keys.count - 1
        var slot = Self.slot(key) & mask
        while keys[slot] != .max { slot = (slot + 1) & mask }
        keys[slot] = key
        positions[slot] = position
    }

    @inline(__always)
    private static func slot(_ key: UInt64) -> Int {
        let product = key.multipliedFullWidth(by: 0x9E37_79B9_7F4A_7C15)
        return Int(truncatingIfNeeded: product.high ^ product.low)
    }
}
